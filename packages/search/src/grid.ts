/**
 * The paper's grid: every weight a multiple of the step within its bounds, weights summing to 1,
 * plus the uniform point. Points are integer compositions k_1 + ... + k_n = m (step = 1/m), so the
 * grid is exact and its size has a closed form.
 */
import { integerBounds, resolveBounds, withinBounds, type Bounds, type BoundsSpec } from './bounds.ts';
import { GridError } from './errors.ts';
import { binomial } from './integers.ts';
import { simplexPoint, uniformPoint, type SimplexPoint } from './simplex_point.ts';
import { stepDivisions } from './step.ts';

/** The paper's grid step. */
export const DEFAULT_STEP = 0.1;

/** Enumerating more points than this is refused: nobody evaluates a million soups. */
export const MAX_GRID_POINTS = 1_000_000;

/** The grid of a search: its step (1/m) and the bounds of every weight. */
export interface GridSpec {
  /** Distance between neighbouring weights, 1/m for a whole m; default {@link DEFAULT_STEP}. */
  readonly step?: number;
  /** Bounds of the weights; default 0.1 ... 0.9 for every expert. */
  readonly bounds?: BoundsSpec;
}

/**
 * The number of integer vectors k with `lo[i] <= k_i <= hi[i]` and `Σ k_i = total`, by
 * inclusion-exclusion over the experts whose upper bound is exceeded:
 * `Σ_S (-1)^|S| C(s - Σ_{i∈S} w_i + n - 1, n - 1)` with `s = total - Σ lo`, `w_i = hi_i - lo_i + 1`.
 * Experts sharing a width are grouped, so the sum has `Π (count of a width + 1)` terms.
 */
export function compositionCount(total: number, lo: readonly number[], hi: readonly number[]): bigint {
  const n = lo.length;
  if (n === 0 || hi.length !== n) throw new RangeError('compositionCount needs one lower and one upper bound per part');
  const widths = lo.map((l, i) => (hi[i] as number) - l + 1);
  if (widths.some((w) => w <= 0)) return 0n;
  const s = total - lo.reduce((a, b) => a + b, 0);
  if (s < 0) return 0n;
  const classes = new Map<number, number>();
  for (const w of widths) classes.set(w, (classes.get(w) ?? 0) + 1);
  const groups = [...classes.entries()];
  const sum = (group: number, excess: number, sign: bigint, multiplicity: bigint): bigint => {
    if (excess > s) return 0n;
    if (group === groups.length) return sign * multiplicity * binomial(s - excess + n - 1, n - 1);
    const [width, count] = groups[group] as [number, number];
    let acc = 0n;
    for (let j = 0; j <= count; j++) {
      acc += sum(group + 1, excess + j * width, j % 2 === 0 ? sign : -sign, multiplicity * binomial(count, j));
    }
    return acc;
  };
  return sum(0, 0, 1n, 1n);
}

/** The integer ranges of the grid at step 1/m and whether the uniform point is an extra point. */
function gridShape(bounds: Bounds, m: number) {
  const { lo, hi } = integerBounds(bounds, m);
  const uniform = uniformPoint(bounds.experts);
  const extraUniform = withinBounds(uniform, bounds) && m % bounds.experts.length !== 0;
  return { lo, hi, uniform, extraUniform };
}

/** {@link gridSize} for resolved bounds and step 1/m. */
export function gridSizeFor(bounds: Bounds, m: number): number {
  const { lo, hi, extraUniform } = gridShape(bounds, m);
  const count = compositionCount(m, lo, hi) + (extraUniform ? 1n : 0n);
  if (count > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new GridError(`the grid has ${count} points: use a larger step or fewer experts`);
  }
  return Number(count);
}

/**
 * The number of points of the grid over `experts`, in closed form: the compositions of
 * {@link compositionCount} plus the uniform point when it is within the bounds but off the grid
 * (3 experts, step 0.1, bounds 0.1 ... 0.9: 36 + 1).
 */
export function gridSize(experts: readonly string[], spec: GridSpec = {}): number {
  const m = stepDivisions(spec.step ?? DEFAULT_STEP, 'grid step');
  return gridSizeFor(resolveBounds(experts, spec.bounds), m);
}

/** {@link simplexGrid} for resolved bounds and step 1/m. */
export function gridPointsFor(bounds: Bounds, m: number): SimplexPoint[] {
  const size = gridSizeFor(bounds, m);
  if (size > MAX_GRID_POINTS) {
    throw new GridError(`the grid has ${size} points (more than ${MAX_GRID_POINTS}): use a larger step, tighter bounds or fewer experts`);
  }
  const { lo, hi, uniform, extraUniform } = gridShape(bounds, m);
  const names = bounds.experts;
  const n = names.length;
  // Suffix sums bound what the remaining experts can still absorb, so no branch dead-ends.
  const loAfter = new Array<number>(n + 1).fill(0);
  const hiAfter = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    loAfter[i] = (loAfter[i + 1] as number) + (lo[i] as number);
    hiAfter[i] = (hiAfter[i + 1] as number) + (hi[i] as number);
  }
  const points: SimplexPoint[] = extraUniform ? [uniform] : [];
  const compositions: SimplexPoint[] = [];
  const current = new Array<number>(n).fill(0);
  const walk = (i: number, rest: number): void => {
    if (i === n) {
      const point = simplexPoint(names, current, m);
      if (point.key === uniform.key) points.unshift(point);
      else compositions.push(point);
      return;
    }
    const from = Math.max(lo[i] as number, rest - (hiAfter[i + 1] as number));
    const to = Math.min(hi[i] as number, rest - (loAfter[i + 1] as number));
    for (let k = from; k <= to; k++) {
      current[i] = k;
      walk(i + 1, rest - k);
    }
  };
  walk(0, m);
  return [...points, ...compositions];
}

/**
 * Every point of the grid over `experts`: the uniform point first (the baseline soup), then the
 * compositions in lexicographic order of their numerators. A GridError when the step does not
 * divide 1, the bounds are infeasible, or the grid exceeds {@link MAX_GRID_POINTS}.
 */
export function simplexGrid(experts: readonly string[], spec: GridSpec = {}): SimplexPoint[] {
  const m = stepDivisions(spec.step ?? DEFAULT_STEP, 'grid step');
  return gridPointsFor(resolveBounds(experts, spec.bounds), m);
}
