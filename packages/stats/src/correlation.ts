import { averageRanks } from './average_ranks.ts';

/** The coefficients: Pearson's linear one (the paper's) or Spearman's rank one (robust to outliers). */
export const CORRELATION_METHODS = ['pearson', 'spearman'] as const;

/** One of {@link CORRELATION_METHODS}. */
export type CorrelationMethod = (typeof CORRELATION_METHODS)[number];

/**
 * Why a coefficient is undefined: fewer than `MIN_PAIRS` models have both scores, or one of the
 * two categories has the same score for every one of those models.
 */
export type UndefinedReason = 'too-few-pairs' | 'constant';

/** The fewest models with both scores for which a coefficient is reported. */
export const MIN_PAIRS = 3;

/**
 * A correlation coefficient and the number `n` of models it was computed over (those with both
 * scores), or `r: null` with the reason it is undefined. Never NaN.
 */
export type Correlation =
  | { readonly r: number; readonly n: number; readonly reason: null }
  | { readonly r: null; readonly n: number; readonly reason: UndefinedReason };

/**
 * The correlation of two score columns over the rows where both are present (pairwise-complete).
 * Pearson is computed in two passes over values rescaled by a power of two and shifted by one of
 * them, so it neither overflows nor loses digits to a large common offset; Spearman is Pearson on
 * the average ranks of those rows.
 */
export function correlation(xs: readonly (number | null)[], ys: readonly (number | null)[], method: CorrelationMethod = 'pearson'): Correlation {
  let px: number[] = [];
  let py: number[] = [];
  const length = Math.min(xs.length, ys.length);
  for (let i = 0; i < length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (x !== null && x !== undefined && y !== null && y !== undefined) {
      px.push(x);
      py.push(y);
    }
  }
  const n = px.length;
  if (n < MIN_PAIRS) return { r: null, n, reason: 'too-few-pairs' };
  if (isConstant(px) || isConstant(py)) return { r: null, n, reason: 'constant' };
  if (method === 'spearman') {
    px = averageRanks(px);
    py = averageRanks(py);
  }
  return { r: pearson(shift(rescale(px)), shift(rescale(py))), n, reason: null };
}

/** Words for an undefined coefficient, for reports. */
export function describeUndefined(reason: UndefinedReason, n: number): string {
  return reason === 'too-few-pairs' ? `only ${n} model${n === 1 ? '' : 's'} with both scores (needs ${MIN_PAIRS})` : `one category has the same score for all ${n} models with both scores`;
}

function isConstant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

// Multiplying by a power of two is exact, and brings the largest magnitude near 1 so sums of
// squares can neither overflow nor underflow; the coefficient is scale-invariant.
function rescale(values: readonly number[]): number[] {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  const exponent = -Math.ceil(Math.log2(max));
  // Two factors, since one power of two cannot span the exponent range of subnormals and huge values.
  const half = 2 ** Math.trunc(exponent / 2);
  const rest = 2 ** (exponent - Math.trunc(exponent / 2));
  return values.map((v) => v * half * rest);
}

// Subtracting one of the values is exact for every value within a factor of two of it (Sterbenz),
// which removes a large common offset (scores near 1e9 differing by units) before any rounding.
// Done after rescaling, so differences cannot overflow.
function shift(values: readonly number[]): number[] {
  const origin = values[0] ?? 0;
  return values.map((v) => v - origin);
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const mx = refinedMean(xs);
  const my = refinedMean(ys);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
  // Rounding can push |r| a hair past 1 for perfectly collinear columns.
  return Math.max(-1, Math.min(1, r));
}

// The mean plus the mean of the residuals: one correction step that recovers most of the digits
// the first division loses (the second pass of a two-pass algorithm).
function refinedMean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let residual = 0;
  for (const v of values) residual += v - mean;
  return mean + residual / values.length;
}
