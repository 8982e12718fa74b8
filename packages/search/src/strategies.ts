/**
 * The search strategies on top of an evaluation session: the paper's grid, coordinate ascent, and
 * the grid followed by coordinate ascent from its best point. Each proposes exact points only;
 * the session decides which need an evaluator call.
 */
import { coordinateAscent, type AscentOutcome } from './coordinate_ascent.ts';
import type { Evaluation, ScoredEvaluation } from './evaluation.ts';
import { gridPointsFor } from './grid.ts';
import type { Strategy } from './strategy.ts';
import type { ResolvedSearch } from './search_spec.ts';
import type { SessionEngine } from './session_engine.ts';
import type { SimplexPoint } from './simplex_point.ts';

/** What a search found and why it stopped. */
export interface SearchResult {
  /** The strategy that ran. */
  readonly strategy: Strategy;
  /** The best scored point the search proposed (the first of equals); undefined if none scored. */
  readonly best: ScoredEvaluation | undefined;
  /**
   * `complete`: the grid was evaluated entirely; `converged`: no coordinate move improves at the
   * smallest step; `budget`: the budget ran out first.
   */
  readonly stoppedBy: 'complete' | 'converged' | 'budget';
  /** Evaluator calls the search has spent, those of earlier runs (from the journal) included. */
  readonly evaluations: number;
  /** Of which made by this run. */
  readonly fresh: number;
  /** Every distinct point the search proposed, in the order it first proposed it. */
  readonly history: readonly Evaluation[];
  /** Points of the grid (grid strategies). */
  readonly gridSize?: number;
  /** How coordinate ascent went (coordinate strategies). */
  readonly ascent?: {
    readonly start: SimplexPoint;
    /** Moves it accepted. */
    readonly moves: number;
    /** The step it ended at. */
    readonly step: number;
  };
}

/** Collects the search's proposals and tracks the best, reporting improvements as they land. */
class Tracker {
  readonly history = new Map<string, Evaluation>();
  #best: ScoredEvaluation | undefined;
  readonly #engine: SessionEngine;

  constructor(engine: SessionEngine) {
    this.#engine = engine;
  }

  /** Live view: a newly landed evaluation that beats every earlier one. */
  readonly onEach = (evaluation: Evaluation): void => {
    if (evaluation.status !== 'scored') return;
    if (this.#best === undefined || evaluation.score > this.#best.score) {
      this.#best = evaluation;
      this.#engine.emit({ type: 'best', evaluation });
    }
  };

  record(evaluations: readonly Evaluation[]): void {
    for (const evaluation of evaluations) {
      const known = this.history.get(evaluation.point.key);
      if (known === undefined || known.status === 'skipped') this.history.set(evaluation.point.key, evaluation);
    }
  }

  /** The best scored proposal, earliest first among equals (independent of completion order). */
  best(): ScoredEvaluation | undefined {
    let best: ScoredEvaluation | undefined;
    for (const evaluation of this.history.values()) {
      if (evaluation.status === 'scored' && (best === undefined || evaluation.score > best.score)) best = evaluation;
    }
    return best;
  }
}

/** Runs the strategy of `search` through `engine`, spending at most `budget` evaluator calls. */
export async function runSearch(engine: SessionEngine, search: ResolvedSearch, budget: number): Promise<SearchResult> {
  const spentBefore = engine.spent('search');
  const tracker = new Tracker(engine);
  const finish = (
    stoppedBy: SearchResult['stoppedBy'],
    extra: Pick<SearchResult, 'gridSize' | 'ascent'>,
  ): SearchResult => ({
    strategy: search.strategy,
    best: tracker.best(),
    stoppedBy,
    evaluations: engine.spent('search'),
    fresh: engine.spent('search') - spentBefore,
    history: [...tracker.history.values()],
    ...extra,
  });

  let start = search.start;
  let gridSize: number | undefined;
  if (search.strategy !== 'coordinate') {
    const grid = gridPointsFor(search.bounds, Math.round(1 / search.step));
    gridSize = grid.length;
    engine.emit({ type: 'plan', phase: 'grid', points: grid.length, cached: grid.filter((p) => engine.isCached(p)).length });
    const evaluations = await engine.request(grid, 'search', budget, tracker.onEach);
    tracker.record(evaluations);
    if (evaluations.some((e) => e.status === 'skipped')) return finish('budget', { gridSize });
    if (search.strategy === 'grid') return finish('complete', { gridSize });
    start = tracker.best()?.point;
    if (start === undefined) return finish('complete', { gridSize });
  }
  const ascentStart = start as SimplexPoint;
  engine.emit({ type: 'plan', phase: 'coordinate', points: undefined, cached: 0 });
  const ascent = await coordinateAscent({
    start: ascentStart,
    bounds: search.bounds,
    initialStep: search.step,
    minStep: search.minStep,
    batchSize: engine.concurrency,
    onStep: (step, moves) => engine.emit({ type: 'step', step, moves }),
    oracle: async (points) => {
      const evaluations = await engine.request(points, 'search', budget, tracker.onEach);
      tracker.record(evaluations);
      return evaluations.map((e): AscentOutcome => (e.status === 'scored' ? { status: 'scored', score: e.score } : { status: e.status }));
    },
  });
  return finish(ascent.stoppedBy, {
    ...(gridSize === undefined ? {} : { gridSize }),
    ascent: { start: ascentStart, moves: ascent.moves, step: ascent.step },
  });
}
