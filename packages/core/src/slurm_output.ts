/**
 * Reading what Slurm's commands print. Every function here is pure and total: it returns what it
 * read or throws a SlurmError (`unexpected-output`) that quotes the line it could not read, so a
 * Slurm version that prints something new fails loudly instead of losing a job.
 */
import { SlurmError } from './slurm_error.ts';

/** A submitted job's id, and its cluster when sbatch named one (`--clusters`, `SBATCH_CLUSTERS`). */
export interface SubmittedJobId {
  readonly id: string;
  readonly cluster?: string;
}

/** One job as squeue or sacct reports it. */
export interface ReportedJob {
  readonly id: string;
  /** The job's name. */
  readonly name: string;
  /** Slurm's state word, e.g. `PENDING`, `TIMEOUT` (sacct's `CANCELLED by 0` is cut to `CANCELLED`). */
  readonly slurmState: string;
  /** Why the job waits or ended, as Slurm says it (`Resources`, `NonZeroExitCode`); absent for `None`. */
  readonly reason?: string;
  /** The batch script's exit code (sacct only). */
  readonly exitCode?: number;
  /** The signal that ended the batch script (sacct only), when one did. */
  readonly signal?: number;
}

const JOB_ID = /^[0-9]+(?:[_+][0-9]+)?$/;
const CLUSTER = /^[A-Za-z0-9_.-]+$/;
const STATE = /^[A-Z_]+/;

function unexpected(command: string, line: string, expected: string): SlurmError {
  return new SlurmError('unexpected-output', `${command} printed ${JSON.stringify(line.slice(0, 200))}, expected ${expected}`);
}

function lines(stdout: string): string[] {
  return stdout.split(/\r?\n/).filter((line) => line.trim() !== '');
}

/** `sbatch --parsable` prints `<jobid>` or `<jobid>;<cluster>` (warnings go to stderr). */
export function parseSbatchOutput(stdout: string): SubmittedJobId {
  const line = lines(stdout).at(-1)?.trim() ?? '';
  const [id = '', cluster, ...rest] = line.split(';');
  if (!JOB_ID.test(id) || rest.length > 0 || (cluster !== undefined && !CLUSTER.test(cluster))) {
    throw unexpected('sbatch --parsable', line, 'a job id, optionally followed by ";<cluster>"');
  }
  return cluster === undefined ? { id } : { id, cluster };
}

/** The squeue `--format` that {@link parseSqueueOutput} reads: id, state, reason, name (last: it may hold anything). */
export const SQUEUE_FORMAT = '%i\t%T\t%r\t%j';

function reasonOf(text: string): string | undefined {
  const reason = text.trim();
  return reason === '' || reason === 'None' ? undefined : reason;
}

/**
 * `squeue --noheader --format=<SQUEUE_FORMAT>`. `CLUSTER: <name>` lines, which squeue prints with
 * `--clusters`, are skipped.
 */
export function parseSqueueOutput(stdout: string): ReportedJob[] {
  return lines(stdout)
    .filter((line) => !line.startsWith('CLUSTER: '))
    .map((line) => {
      const [id = '', state = '', reason = '', ...name] = line.split('\t');
      const slurmState = STATE.exec(state.trim())?.[0];
      if (!JOB_ID.test(id.trim()) || slurmState === undefined || name.length === 0) {
        throw unexpected('squeue', line, 'job id, state, reason and name separated by tabs');
      }
      const r = reasonOf(reason);
      return { id: id.trim(), name: name.join('\t'), slurmState, ...(r === undefined ? {} : { reason: r }) };
    });
}

/** The sacct `--format` fields that {@link parseSacctOutput} reads (name last: it may hold anything). */
export const SACCT_FORMAT = 'JobID,State,ExitCode,Reason,JobName';

/**
 * `sacct --noheader --parsable2 --allocations --format=<SACCT_FORMAT>`: one line per job, fields
 * separated by `|`. `ExitCode` is `<code>:<signal>`.
 */
export function parseSacctOutput(stdout: string): ReportedJob[] {
  return lines(stdout).map((line) => {
    const [id = '', state = '', exit = '', reason = '', ...name] = line.split('|');
    const slurmState = STATE.exec(state.trim())?.[0];
    const code = /^([0-9]+):([0-9]+)$/.exec(exit.trim());
    if (!JOB_ID.test(id.trim()) || slurmState === undefined || name.length === 0 || (exit.trim() !== '' && code === null)) {
      throw unexpected('sacct', line, 'JobID|State|ExitCode|Reason|JobName');
    }
    const r = reasonOf(reason);
    const signal = code === null ? 0 : Number(code[2]);
    return {
      id: id.trim(),
      name: name.join('|'),
      slurmState,
      ...(r === undefined ? {} : { reason: r }),
      ...(code === null ? {} : { exitCode: Number(code[1]) }),
      ...(signal === 0 ? {} : { signal }),
    };
  });
}

/** Whether a Slurm command's stderr says the cluster keeps no accounting (sacct then knows nothing). */
export function saysAccountingDisabled(stderr: string): boolean {
  return /accounting storage is disabled/i.test(stderr);
}

/** Whether squeue's stderr says none of the asked job ids is known (any more): not a failure. */
export function saysUnknownJobIds(stderr: string): boolean {
  return /invalid job id specified/i.test(stderr);
}

/**
 * Whether a Slurm command's stderr says the controller could not be reached (down, restarting,
 * overloaded): the cluster's failure, not the job's.
 */
export function saysControllerUnreachable(stderr: string): boolean {
  return /unable to contact slurm controller|socket timed out|connection refused|zero bytes were transmitted|communication connection failure|backup controller in standby/i.test(stderr);
}
