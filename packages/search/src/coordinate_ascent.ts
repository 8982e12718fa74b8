/**
 * Coordinate ascent on the simplex: from a start point, move a step of weight from one expert to
 * another whenever that improves the objective, and halve the step when no move does.
 *
 * Schedule: the step starts at `initialStep` (1/m, the grid step by default 0.1) and halves —
 * 0.1, 0.05, 0.025 — while it stays >= `minStep` (default 0.025); the ascent stops when no move at
 * the smallest step improves. Every proposed point is exact: numerators over the least common
 * multiple of the current denominator and the step's 1/(m·2^r), so cache keys never drift.
 *
 * One sweep looks at every move `j -> i` (weight of i up one step, weight of j down one step; a
 * move that would cross a bound stops on it) in an order fixed when the sweep starts: by the gain
 * a linear model of the objective, fitted to the slopes seen so far, predicts — so a direction
 * that just paid off is tried first — with ties (all of the first sweep) in index order. The
 * first move that strictly improves is taken. Points the ascent has already scored cost nothing;
 * the others are evaluated `batchSize` at a time, in order. Because the order is fixed per sweep,
 * the first improving move wins and only the moves a one-at-a-time ascent would have looked at
 * feed the model, the path — and so the result — does not depend on `batchSize`: concurrency
 * changes only how many extra points get evaluated.
 */
import { integerBounds, withinBounds, type Bounds } from './bounds.ts';
import { SearchOptionsError } from './errors.ts';
import { lcm } from './integers.ts';
import { simplexPoint, type SimplexPoint } from './simplex_point.ts';
import { stepDivisions } from './step.ts';

/** The default smallest step of the ascent: two halvings below the paper's 0.1 grid. */
export const DEFAULT_MIN_STEP = 0.025;

/** What the ascent learns about one point it asked for. */
export type AscentOutcome =
  | { readonly status: 'scored'; readonly score: number }
  | { readonly status: 'failed' }
  | { readonly status: 'skipped' };

/** Scores points for the ascent, in order; `skipped` means the budget ran out before it. */
export type AscentOracle = (points: readonly SimplexPoint[]) => Promise<readonly AscentOutcome[]>;

/** Inputs of {@link coordinateAscent}. */
export interface AscentOptions {
  /** Where the ascent starts; must be within `bounds`. */
  readonly start: SimplexPoint;
  /** Bounds every proposed point respects. */
  readonly bounds: Bounds;
  /** First step, 1/m for a whole m. */
  readonly initialStep: number;
  /** Smallest step; the schedule halves the step while it stays >= this. */
  readonly minStep: number;
  /** How many unscored points to send to the oracle at once (the concurrency). */
  readonly batchSize: number;
  /** Scores points. */
  readonly oracle: AscentOracle;
  /** Told when the ascent moves to a finer step (the step and how many moves it allows). */
  readonly onStep?: (step: number, moves: number) => void;
}

/** How an ascent ended. */
export interface AscentResult {
  /** The last accepted point: no move at the smallest step improves it (unless the budget ran out). */
  readonly point: SimplexPoint;
  /** Its score; undefined when even the start point failed or was skipped. */
  readonly score: number | undefined;
  /** `converged` when no move improves at the smallest step, `budget` when the oracle skipped a point. */
  readonly stoppedBy: 'converged' | 'budget';
  /** Accepted moves. */
  readonly moves: number;
  /** The step in use when it stopped. */
  readonly step: number;
}

/**
 * The ascent's steps as divisions m, 2m, 4m, ... (step 1/m, 1/2m, ...) down to `minStep`. A
 * SearchOptionsError when `minStep` exceeds `initialStep`.
 */
export function stepSchedule(initialStep: number, minStep: number): number[] {
  const m = stepDivisions(initialStep, 'coordinate initial step');
  if (typeof minStep !== 'number' || !(minStep > 0)) {
    throw new SearchOptionsError(`coordinate minimum step ${String(minStep)} must be a positive number such as ${DEFAULT_MIN_STEP}`);
  }
  if (minStep > 1 / m + 1e-12) {
    throw new SearchOptionsError(`coordinate minimum step ${minStep} exceeds the initial step ${1 / m}: give a smaller one`);
  }
  const divisions = [m];
  for (let d = 2 * m; 1 / d >= minStep - 1e-12; d *= 2) divisions.push(d);
  return divisions;
}

interface Move {
  /** Predicted gain per unit of weight moved. */
  readonly gain: number;
  readonly from: number;
  readonly to: number;
  /** Weight moved: the step, or less when the move stops on a bound. */
  readonly size: number;
  readonly point: SimplexPoint;
}

/**
 * Slopes g (one per expert, up to a constant) of a linear model fitted by ridge least squares to
 * observed slopes `g_to - g_from`; ranks moves without evaluating them.
 */
function fitSlopes(n: number, observations: readonly { to: number; from: number; slope: number }[]): number[] {
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1e-9 : 0)));
  const b = new Array<number>(n).fill(0);
  for (const { to, from, slope } of observations) {
    const rowTo = a[to] as number[];
    const rowFrom = a[from] as number[];
    rowTo[to] = (rowTo[to] as number) + 1;
    rowFrom[from] = (rowFrom[from] as number) + 1;
    rowTo[from] = (rowTo[from] as number) - 1;
    rowFrom[to] = (rowFrom[to] as number) - 1;
    b[to] = (b[to] as number) + slope;
    b[from] = (b[from] as number) - slope;
  }
  // Gaussian elimination with partial pivoting on the small symmetric system.
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    const p = a[col]![col]!;
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c < n; c++) a[r]![c]! -= f * a[col]![c]!;
      b[r]! -= f * b[col]!;
    }
  }
  const g = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= a[r]![c]! * g[c]!;
    g[r] = s / a[r]![r]!;
  }
  return g;
}

/** Every move from `point` at step 1/`divisions` (shortened to stop at a bound) within the bounds. */
function movesFrom(point: SimplexPoint, divisions: number, bounds: Bounds, slopes: readonly number[]): Move[] {
  const denominator = lcm(point.denominator, divisions);
  const scale = denominator / point.denominator;
  const delta = denominator / divisions;
  const numerators = point.numerators.map((k) => k * scale);
  const { lo, hi } = integerBounds(bounds, denominator);
  const moves: Move[] = [];
  const n = numerators.length;
  for (let to = 0; to < n; to++) {
    for (let from = 0; from < n; from++) {
      if (to === from) continue;
      // A move that would cross a bound stops on it, so bound-hugging optima stay reachable
      // from any start (e.g. 0.1 from 1/3 with steps of 0.1, 0.05, 0.025).
      const amount = Math.min(delta, hi[to]! - numerators[to]!, numerators[from]! - lo[from]!);
      if (amount <= 0) continue;
      const next = [...numerators];
      next[to]! += amount;
      next[from]! -= amount;
      moves.push({
        gain: slopes[to]! - slopes[from]!,
        from,
        to,
        size: amount / denominator,
        point: simplexPoint(point.experts, next, denominator),
      });
    }
  }
  // Stable sort: equal predictions keep index order, so the first sweep is plain index order.
  return moves.sort((x, y) => y.gain - x.gain);
}

/**
 * Runs the ascent described in this module's documentation. The start point is scored first; a
 * failed start counts as -Infinity so any scored neighbour improves on it.
 */
export async function coordinateAscent(options: AscentOptions): Promise<AscentResult> {
  const { bounds, oracle, batchSize } = options;
  const schedule = stepSchedule(options.initialStep, options.minStep);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new SearchOptionsError(`batchSize ${batchSize} must be a whole number >= 1`);
  }
  if (options.start.experts.join('\u0000') !== bounds.experts.join('\u0000') || !withinBounds(options.start, bounds)) {
    throw new SearchOptionsError(`the start point ${options.start.toString()} is not within the bounds over ${bounds.experts.join(', ')}`);
  }
  const n = options.start.numerators.length;
  const known = new Map<string, number>();
  const observations: { to: number; from: number; slope: number }[] = [];
  const window = Math.max(4, n * (n - 1));
  let point = options.start;
  let score = -Infinity;
  let moves = 0;
  let level = 0;
  const result = (stoppedBy: AscentResult['stoppedBy']): AscentResult => ({
    point,
    score: Number.isFinite(score) ? score : undefined,
    stoppedBy,
    moves,
    step: 1 / schedule[Math.min(level, schedule.length - 1)]!,
  });

  /** Scores `batch` and remembers the scores; false when the budget ran out before some point. */
  const scoreBatch = async (batch: readonly Move[]): Promise<boolean> => {
    const outcomes = await oracle(batch.map((c) => c.point));
    let complete = true;
    batch.forEach((candidate, i) => {
      const outcome = outcomes[i];
      if (outcome?.status === 'scored') known.set(candidate.point.key, outcome.score);
      else if (outcome?.status === 'failed') known.set(candidate.point.key, -Infinity);
      else complete = false;
    });
    return complete;
  };

  /**
   * Whether a scored candidate improves on the current point. The slope it reveals feeds the
   * model here, in sweep order, and not when it was scored: a batch scores points a one-at-a-time
   * ascent would not have looked at yet, and they must not steer the path.
   */
  const improves = (candidate: Move, value: number): boolean => {
    if (Number.isFinite(score) && Number.isFinite(value)) {
      observations.push({ to: candidate.to, from: candidate.from, slope: (value - score) / candidate.size });
    }
    return value > score;
  };

  /** The first move of `candidates` that improves, evaluating as few as needed; 'budget' if cut short. */
  const sweep = async (candidates: readonly Move[]): Promise<Move | 'none' | 'budget'> => {
    let at = 0;
    for (;;) {
      for (; at < candidates.length; at++) {
        const value = known.get(candidates[at]!.point.key);
        if (value === undefined) break;
        if (improves(candidates[at]!, value)) return candidates[at]!;
      }
      if (at === candidates.length) return 'none';
      // Gather the next unscored candidates, never looking past a known improving one: a
      // one-at-a-time ascent would have stopped there, and the path must not depend on batchSize.
      const batch: Move[] = [];
      for (let scan = at; scan < candidates.length && batch.length < batchSize; scan++) {
        const value = known.get(candidates[scan]!.point.key);
        if (value === undefined) batch.push(candidates[scan]!);
        else if (value > score) break;
      }
      if (!(await scoreBatch(batch))) {
        // Take an improvement found before the first skipped point; otherwise stop here.
        for (; at < candidates.length; at++) {
          const value = known.get(candidates[at]!.point.key);
          if (value === undefined) return 'budget';
          if (improves(candidates[at]!, value)) return candidates[at]!;
        }
        return 'budget';
      }
    }
  };

  const [first] = await oracle([point]);
  if (first === undefined || first.status === 'skipped') return result('budget');
  if (first.status === 'scored') score = first.score;
  known.set(point.key, score);
  let announced = -1;
  while (level < schedule.length) {
    const divisions = schedule[level]!;
    const candidates = movesFrom(point, divisions, bounds, fitSlopes(n, observations.slice(-window)));
    if (announced !== level) {
      options.onStep?.(1 / divisions, candidates.length);
      announced = level;
    }
    const found = await sweep(candidates);
    if (found === 'budget') return result('budget');
    if (found === 'none') level += 1;
    else {
      point = found.point;
      score = known.get(point.key)!;
      moves += 1;
    }
  }
  return result('converged');
}
