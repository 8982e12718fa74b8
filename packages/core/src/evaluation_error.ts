/**
 * An evaluation of a soup that produced no scores: the command failed, timed out, or printed
 * something that is not a score table. The search records it in the journal and carries on.
 */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
}
