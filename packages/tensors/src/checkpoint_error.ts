import { SoceError } from '@soce/common';

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
 * an index that disagrees with its shards. The message names the path and how to fix it. Kind
 * `input`; `code` says which rule was broken.
 */
export class CheckpointError extends SoceError<CheckpointErrorCode> {
  override readonly name = 'CheckpointError';
  /** The checkpoint path (or file inside it) the error is about. */
  readonly path: string;

  /** `message` should already name the path and say how to fix it. */
  constructor(code: CheckpointErrorCode, path: string, message: string) {
    super(message, { code, kind: 'input' });
    this.path = path;
  }
}
