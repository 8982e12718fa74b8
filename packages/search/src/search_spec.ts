/**
 * How a search is configured, and its resolution into the exact settings the journal header
 * records (defaults filled in, bounds per expert, start point as a key).
 */
import { resolveBounds, withinBounds, type Bounds, type BoundsSpec } from './bounds.ts';
import { DEFAULT_MIN_STEP, stepSchedule } from './coordinate_ascent.ts';
import { SearchOptionsError } from './errors.ts';
import { DEFAULT_STEP } from './grid.ts';
import type { SearchIdentity } from './journal.ts';
import { STRATEGIES, type Strategy } from './strategy.ts';
import type { ObjectiveIdentity } from './objective.ts';
import { SimplexPoint, uniformPoint } from './simplex_point.ts';
import { stepDivisions } from './step.ts';

/** The strategy a search uses unless told otherwise: the paper's grid. */
export const DEFAULT_STRATEGY: Strategy = 'grid';

/**
 * A search's settings.
 * - `grid`: every grid point (the paper's method).
 * - `coordinate`: coordinate ascent from `start` (default the uniform point).
 * - `grid+coordinate`: the grid, then coordinate ascent from the grid's best point, refining it
 *   below the grid step.
 */
export interface SearchSpec {
  /** Default {@link DEFAULT_STRATEGY}. */
  readonly strategy?: Strategy;
  /** Grid step and first coordinate-ascent step, 1/m for a whole m; default 0.1. */
  readonly step?: number;
  /** Bounds of every weight; default 0.1 ... 0.9. */
  readonly bounds?: BoundsSpec;
  /** Smallest coordinate-ascent step; default 0.025 (the step halves from `step` down to it). */
  readonly minStep?: number;
  /** Start of coordinate ascent (strategy `coordinate` only); default the uniform point. */
  readonly start?: SimplexPoint;
}

/** A search's settings, checked and complete. */
export interface ResolvedSearch {
  /** What the journal header records. */
  readonly identity: SearchIdentity;
  /** The strategy to run. */
  readonly strategy: Strategy;
  /** Grid step and first coordinate-ascent step, exactly 1/m. */
  readonly step: number;
  /** Bounds per expert. */
  readonly bounds: Bounds;
  /** Smallest coordinate-ascent step. */
  readonly minStep: number;
  /** Start of coordinate ascent for strategy `coordinate`. */
  readonly start: SimplexPoint | undefined;
}

/**
 * Checks `spec` for `experts` and fills in the defaults. Errors: SearchOptionsError for an unknown
 * strategy, a misplaced or out-of-bounds start, a bad minimum step; GridError for a step that does
 * not divide 1 or infeasible bounds.
 */
export function resolveSearchSpec(experts: readonly string[], spec: SearchSpec, objective: ObjectiveIdentity): ResolvedSearch {
  const strategy = spec.strategy ?? DEFAULT_STRATEGY;
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    throw new SearchOptionsError(`strategy '${String(strategy)}' is none of ${STRATEGIES.join(', ')}`);
  }
  const step = 1 / stepDivisions(spec.step ?? DEFAULT_STEP, 'step');
  const bounds = resolveBounds(experts, spec.bounds);
  const coordinate = strategy !== 'grid';
  const minStep = spec.minStep ?? DEFAULT_MIN_STEP;
  if (coordinate) stepSchedule(step, minStep);
  else if (spec.minStep !== undefined) throw new SearchOptionsError(`minStep applies to the coordinate strategies, not to '${strategy}'`);
  let start: SimplexPoint | undefined;
  if (strategy === 'coordinate') {
    start = spec.start ?? uniformPoint(bounds.experts);
    if (!(start instanceof SimplexPoint) || start.experts.join('\u0000') !== bounds.experts.join('\u0000')) {
      throw new SearchOptionsError(`the start point must be an exact point over the experts ${bounds.experts.join(', ')}, in that order`);
    }
    if (!withinBounds(start, bounds)) {
      const offender = bounds.experts.findIndex((_, i) => {
        const w = (start as SimplexPoint).weights.values[i] as number;
        return w < (bounds.min[i] as number) - 1e-9 || w > (bounds.max[i] as number) + 1e-9;
      });
      throw new SearchOptionsError(
        `the ${spec.start === undefined ? 'uniform ' : ''}start point gives expert '${bounds.experts[offender]}' weight ` +
          `${start.weights.values[offender]}, outside its bounds [${bounds.min[offender]}, ${bounds.max[offender]}]: ` +
          'give a start within the bounds',
      );
    }
  } else if (spec.start !== undefined) {
    throw new SearchOptionsError(`start applies to strategy 'coordinate' only ('grid+coordinate' starts at the grid's best point)`);
  }
  const identity: SearchIdentity = {
    experts: bounds.experts,
    objective,
    strategy,
    bounds: { min: bounds.min, max: bounds.max },
    step,
    ...(coordinate ? { minStep } : {}),
    ...(start !== undefined ? { start: start.key } : {}),
  };
  return { identity, strategy, step, bounds, minStep, start };
}
