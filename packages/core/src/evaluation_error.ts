import { SoceError } from '@soce/common';

/**
 * An evaluation of a soup that produced no scores: the command failed, timed out, or printed
 * something that is not a score table. The search records it in the journal and carries on. Code
 * `evaluation-failed`, kind `runtime`.
 */
export class EvaluationError extends SoceError<'evaluation-failed'> {
  override readonly name = 'EvaluationError';
  /** `message` should say which evaluation failed, how, and where its log is. */
  constructor(message: string) {
    super(message, { code: 'evaluation-failed', kind: 'runtime' });
  }
}
