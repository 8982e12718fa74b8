import { SoceError } from '@soce/common';

/** Why a merge cannot be done. */
export type MergeErrorCode =
  | 'bad-weights'
  | 'unnormalized-weights'
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
 * at the destination; the message names the tensor and models and how to fix it in terms of the
 * merge's options. Kind `input`; `code` says which rule was broken.
 */
export class MergeError extends SoceError<MergeErrorCode> {
  override readonly name = 'MergeError';

  /** `message` should already name the tensor and models involved and say how to fix it. */
  constructor(code: MergeErrorCode, message: string) {
    super(message, { code, kind: 'input' });
  }
}

/**
 * A merge stopped through its `signal` (the CLI's Ctrl-C). Not bad input: nothing is wrong with the
 * models, and nothing was left at the destination. Code `merge-aborted`, kind `runtime`.
 */
export class MergeAbortedError extends SoceError<'merge-aborted'> {
  override readonly name = 'MergeAbortedError';
  /** `message` should say what was left behind (nothing, normally). */
  constructor(message: string) {
    super(message, { code: 'merge-aborted', kind: 'runtime' });
  }
}
