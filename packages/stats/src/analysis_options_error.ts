/**
 * An analysis option that cannot be used: τ outside [0, 1], a candidate that is not in the table,
 * a cap on experts below 1... The message names the option and how to fix it.
 */
export class AnalysisOptionsError extends Error {
  override readonly name = 'AnalysisOptionsError';
}
