/** Why soce will not write (or replace) an output directory. */
export type OutputDirectoryErrorCode =
  /** It is, contains or lies inside an input, or is (or contains) the working or home directory. */
  | 'output-overlaps'
  /** It exists, and soce did not write it (no marker), so `--overwrite` may not replace it. */
  | 'output-not-soce'
  /** Another soce process is writing it (its lock names the process). */
  | 'output-locked';

/**
 * An output directory soce refuses, before writing anything: replacing it could destroy what the
 * user owns, or another run is writing there. Bad input: exit code 2; the message names the
 * directory, the reason and the fix.
 */
export class OutputDirectoryError extends Error {
  /** Always `OutputDirectoryError`, which is how callers (the CLI's exit codes) recognise it across packages. */
  override readonly name = 'OutputDirectoryError';
  /** Which rule was broken (stable, for programs). */
  readonly code: OutputDirectoryErrorCode;
  /** The output directory. */
  readonly path: string;

  /** `message` should already name the directory and say how to fix it. */
  constructor(code: OutputDirectoryErrorCode, path: string, message: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}
