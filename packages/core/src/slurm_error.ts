import { SoceError } from '@soce/common';

/** Why talking to Slurm went wrong. */
export type SlurmErrorCode =
  /** An `sbatch` option soce cannot accept (a newline, an option soce sets itself, no leading `-`). */
  | 'bad-sbatch-option'
  /** A run, point or job name that cannot name a job and its files. */
  | 'bad-job-name'
  /** A job directory that cannot go into a batch script (relative, blanks, `%`). */
  | 'bad-job-dir'
  /** A job's commands or setup lines that cannot go into a batch script. */
  | 'bad-job-script'
  /** `sbatch` refused the job (unknown partition, unrecognized option, limits). */
  | 'submission-rejected'
  /** A Slurm command could not start (not installed, not on PATH) or timed out. */
  | 'command-unavailable'
  /** A Slurm command failed for another reason (controller down, permission). */
  | 'command-failed'
  /** A Slurm command printed something soce cannot read. */
  | 'unexpected-output';

/** The codes that mean the user's configuration is wrong (exit 2); the others are runtime failures. */
const INPUT_CODES: ReadonlySet<SlurmErrorCode> = new Set(['bad-sbatch-option', 'bad-job-name', 'bad-job-dir', 'bad-job-script', 'submission-rejected']);

/**
 * A Slurm job could not be described, submitted, queried or cancelled. The message names the
 * option or command and Slurm's own words; `code` is for programs, `kind` says whether the user's
 * configuration (`input`) or the cluster (`runtime`) is at fault.
 */
export class SlurmError extends SoceError<SlurmErrorCode> {
  override readonly name = 'SlurmError';

  /** `kind` follows from `code`: `input` when the configuration must change (exit 2), `runtime` when the cluster failed (exit 1). */
  constructor(code: SlurmErrorCode, message: string) {
    super(message, { code, kind: INPUT_CODES.has(code) ? 'input' : 'runtime' });
  }
}
