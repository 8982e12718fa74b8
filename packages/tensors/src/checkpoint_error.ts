/** What is wrong with a checkpoint as a whole (its directory, index or config). */
export type CheckpointErrorCode =
  | 'not-found'
  | 'no-weights'
  | 'bad-index'
  | 'shard-escapes'
  | 'index-mismatch'
  | 'bad-config';

/**
 * A checkpoint path or directory that cannot be read as a model: missing, without weights, or with
 * an index that disagrees with its shards. The message names the path and how to fix it.
 */
export class CheckpointError extends Error {
  /** Always `CheckpointError`, which is how callers (the CLI's exit codes) recognise it across packages. */
  override readonly name = 'CheckpointError';
  /** Which rule was broken. */
  readonly code: CheckpointErrorCode;
  /** The checkpoint path (or file inside it) the error is about. */
  readonly path: string;

  /** `message` should already name the path and say how to fix it. */
  constructor(code: CheckpointErrorCode, path: string, message: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}
