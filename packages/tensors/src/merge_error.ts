/** Why a merge cannot be done. */
export type MergeErrorCode =
  | 'bad-weights'
  | 'missing-tensor'
  | 'shape-mismatch'
  | 'dtype-mismatch'
  | 'tensors-differ'
  | 'bad-size'
  | 'output-exists'
  | 'output-is-input';

/**
 * Inputs that cannot be souped as asked: bad weights, checkpoints that do not match tensor for
 * tensor, integer tensors that differ, an existing destination. Raised before anything is written
 * at the destination; the message names the tensor and models and how to fix it.
 */
export class MergeError extends Error {
  /** Always `MergeError`, which is how callers (the CLI's exit codes) recognise it across packages. */
  override readonly name = 'MergeError';
  /** Which rule was broken. */
  readonly code: MergeErrorCode;

  /** `message` should already name the tensor and models involved and say how to fix it. */
  constructor(code: MergeErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * A merge stopped through its `signal` (the CLI's Ctrl-C). Not bad input: nothing is wrong with the
 * models, and nothing was left at the destination.
 */
export class MergeAbortedError extends Error {
  /** Always `MergeAbortedError`. */
  override readonly name = 'MergeAbortedError';
}
