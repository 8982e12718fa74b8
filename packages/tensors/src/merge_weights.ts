import { WEIGHT_SUM_TOLERANCE } from '@soce/common';
import { MergeError } from './merge_error.ts';

/** One ingredient of a soup: a checkpoint path (or any label) and its weight. */
export interface ModelWeight {
  /** The checkpoint: a directory or a `.safetensors` file. */
  readonly model: string;
  /** Its share of the soup: finite, non-negative. */
  readonly weight: number;
  /** How error messages name it (default: `model`), e.g. the path as the user typed it. */
  readonly label?: string | undefined;
  /** Its name in the soup's metadata and model card (default: the checkpoint's directory name). */
  readonly name?: string | undefined;
}

/**
 * Checks soup weights and returns them on the simplex: every weight finite and non-negative, at
 * least one positive, no model twice, and a sum of 1 — or, with `normalize`, any positive sum, which
 * is divided out.
 */
export function validateWeights(weights: readonly ModelWeight[], normalize = false): ModelWeight[] {
  if (weights.length === 0) throw new MergeError('bad-weights', 'no models to merge; give at least one model with a weight');
  const seen = new Set<string>();
  for (const { model, weight, label } of weights) {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new MergeError('bad-weights', `model ${label ?? model} has weight ${weight}; weights must be finite and non-negative`);
    }
    if (seen.has(model)) throw new MergeError('bad-weights', `model ${label ?? model} is listed twice; list it once with the sum of its weights`);
    seen.add(model);
  }
  // Scaled by the largest weight first, the sum lies in [1, n]: it cannot overflow (1e308 + 1e308)
  // or underflow (two subnormals), so normalising never turns every weight into 0.
  const largest = weights.reduce((max, { weight }) => Math.max(max, weight), 0);
  if (largest === 0) throw new MergeError('bad-weights', 'every weight is 0; give at least one model a positive weight');
  if (normalize) {
    const scaled = weights.map((w) => w.weight / largest);
    const sum = scaled.reduce((total, x) => total + x, 0);
    return weights.map((w, i) => ({ ...w, weight: scaled[i]! / sum }));
  }
  const sum = weights.reduce((total, { weight }) => total + weight, 0);
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    const shown = Number.isFinite(sum) ? String(sum) : 'more than the largest float';
    throw new MergeError('unnormalized-weights', `the weights sum to ${shown}, not 1; fix them, or set normalize to divide them by their sum`);
  }
  return weights.map((w) => ({ ...w }));
}
