import { SoceError } from '@soce/common';

/**
 * An analysis option that cannot be used: τ outside [0, 1], a candidate that is not in the table,
 * a cap on experts below 1... The message names the option and how to fix it. Code
 * `analysis-options`, kind `input`.
 */
export class AnalysisOptionsError extends SoceError<'analysis-options'> {
  override readonly name = 'AnalysisOptionsError';
  /** `message` should name the option and how to fix it. */
  constructor(message: string) {
    super(message, { code: 'analysis-options', kind: 'input' });
  }
}
