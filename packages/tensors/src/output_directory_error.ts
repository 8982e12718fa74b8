import { SoceError } from '@soce/common';

/** Why soce will not write (or replace) an output directory. */
export type OutputDirectoryErrorCode =
  /** It is, contains or lies inside an input, or is (or contains) the working or home directory. */
  | 'output-overlaps'
  /** It exists, and soce did not write it (no marker), so `overwrite` may not replace it. */
  | 'output-not-soce'
  /** Another soce process is writing it (its lock names the process). */
  | 'output-locked';

/**
 * An output directory soce refuses, before writing anything: replacing it could destroy what the
 * user owns, or another run is writing there. Kind `input` (exit code 2); the message names the
 * directory, the reason and the fix; `code` says which rule was broken.
 */
export class OutputDirectoryError extends SoceError<OutputDirectoryErrorCode> {
  override readonly name = 'OutputDirectoryError';
  /** The output directory. */
  readonly path: string;

  /** `message` should already name the directory and say how to fix it. */
  constructor(code: OutputDirectoryErrorCode, path: string, message: string) {
    super(message, { code, kind: 'input' });
    this.path = path;
  }
}
