/**
 * Per-weight bounds of the search. The paper keeps every weight in [0.1, 0.9] so that no expert
 * vanishes from the soup and none takes it over; soce uses that default and lets one expert's
 * range differ (e.g. keep a generalist at >= 0.5).
 */
import { z } from 'zod';
import { parseWithSchema } from '@soce/common';
import { GridError } from './errors.ts';
import type { SimplexPoint } from './simplex_point.ts';
import { checkExperts } from './weights.ts';

/** The paper's lower bound on every weight. */
export const DEFAULT_MIN_WEIGHT = 0.1;
/** The paper's upper bound on every weight. */
export const DEFAULT_MAX_WEIGHT = 0.9;

/** One expert's range; a side left out falls back to the common bound. */
export interface ExpertRange {
  /** Lower bound of this expert's weight. */
  readonly min?: number;
  /** Upper bound of this expert's weight. */
  readonly max?: number;
}

/** Bounds as a user gives them: one range for every weight, optionally overridden per expert. */
export interface BoundsSpec {
  /** Lower bound of every weight; default {@link DEFAULT_MIN_WEIGHT}. */
  readonly min?: number;
  /** Upper bound of every weight; default {@link DEFAULT_MAX_WEIGHT}. */
  readonly max?: number;
  /** Ranges of single experts, replacing `min` / `max` for them. */
  readonly perExpert?: Readonly<Record<string, ExpertRange>>;
}

/** Bounds resolved for an ordered list of experts: `min[i] <= w_i <= max[i]`, feasible. */
export interface Bounds {
  /** The experts, in the order of `min` and `max`. */
  readonly experts: readonly string[];
  /** Lower bound of each expert's weight. */
  readonly min: readonly number[];
  /** Upper bound of each expert's weight. */
  readonly max: readonly number[];
}

/** Slack for comparing user bounds (decimals such as 0.1) with exact fractions. */
const BOUND_SLACK = 1e-9;

const weight = z.number().min(0).max(1);
const rangeSchema = z.strictObject({ min: weight.optional(), max: weight.optional() });

/** The schema of a {@link BoundsSpec}, for files that configure a search (`soce.yaml`'s `search.bounds`). */
export const boundsSpecSchema: z.ZodType<BoundsSpec> = z.strictObject({
  min: weight.optional(),
  max: weight.optional(),
  perExpert: z.record(z.string(), rangeSchema).optional(),
});

/**
 * Resolves `spec` for `experts`. A GridError when a value is outside [0, 1], an expert's minimum
 * exceeds its maximum, `perExpert` names an unknown expert, or no point of the simplex satisfies
 * every bound (the minimums sum above 1 or the maximums below 1).
 */
export function resolveBounds(experts: readonly string[], spec: BoundsSpec = {}): Bounds {
  const names = checkExperts(experts);
  const parsed = parseWithSchema(boundsSpecSchema, spec, 'bounds', (message) => new GridError(message));
  const perExpert = parsed.perExpert ?? {};
  for (const name of Object.keys(perExpert)) {
    if (!names.includes(name)) {
      throw new GridError(`bounds.perExpert names '${name}', which is not one of the experts ${names.join(', ')}`);
    }
  }
  const min = names.map((name) => perExpert[name]?.min ?? parsed.min ?? DEFAULT_MIN_WEIGHT);
  const max = names.map((name) => perExpert[name]?.max ?? parsed.max ?? DEFAULT_MAX_WEIGHT);
  names.forEach((name, i) => {
    if ((min[i] as number) > (max[i] as number)) {
      throw new GridError(`bounds of expert '${name}': min ${min[i]} exceeds max ${max[i]}`);
    }
  });
  const minSum = min.reduce((a, b) => a + b, 0);
  const maxSum = max.reduce((a, b) => a + b, 0);
  if (minSum > 1 + BOUND_SLACK) {
    throw new GridError(
      `no weights satisfy the bounds: the minimum weights of the ${names.length} experts sum to ${+minSum.toFixed(12)} > 1; ` +
        `lower them (with one min for all, at most ${+(1 / names.length).toFixed(6)})`,
    );
  }
  if (maxSum < 1 - BOUND_SLACK) {
    throw new GridError(
      `no weights satisfy the bounds: the maximum weights of the ${names.length} experts sum to ${+maxSum.toFixed(12)} < 1; ` +
        `raise them (with one max for all, at least ${+(1 / names.length).toFixed(6)})`,
    );
  }
  return Object.freeze({ experts: names, min: Object.freeze(min), max: Object.freeze(max) });
}

/**
 * The bounds as integer numerator ranges over `denominator`: `lo[i] <= k_i <= hi[i]` exactly when
 * `k_i / denominator` is within the bounds (up to a 1e-9 slack, so 0.1 admits 1/10).
 */
export function integerBounds(bounds: Bounds, denominator: number): { lo: number[]; hi: number[] } {
  return {
    lo: bounds.min.map((b) => Math.max(0, Math.ceil(b * denominator - BOUND_SLACK))),
    hi: bounds.max.map((b) => Math.min(denominator, Math.floor(b * denominator + BOUND_SLACK))),
  };
}

/** Whether every weight of `point` lies within `bounds` (same slack as {@link integerBounds}). */
export function withinBounds(point: SimplexPoint, bounds: Bounds): boolean {
  const { lo, hi } = integerBounds(bounds, point.denominator);
  return point.numerators.every((k, i) => k >= (lo[i] as number) && k <= (hi[i] as number));
}
