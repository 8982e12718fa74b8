/**
 * The vocabulary shared by the evaluation session and the strategies: what an evaluator is, what
 * one evaluation yields, and the progress events a live view listens to.
 */
import type { Strategy } from './strategy.ts';
import type { CategoryScores } from './objective.ts';
import type { AbortSignalLike } from './signal.ts';
import type { SimplexPoint } from './simplex_point.ts';
import type { Weights } from './weights.ts';

/** What the evaluator is told besides the weights. */
export interface EvaluationContext {
  /** The exact point behind the weights (its `key` names it in the journal). */
  readonly point: SimplexPoint;
  /** Fires when the search is aborted: an evaluator running a benchmark should stop it. */
  readonly signal: AbortSignalLike | undefined;
}

/**
 * Merges the experts with `weights`, benchmarks the soup and resolves with its per-category
 * scores. Expensive (hours for a 70B model): the session calls it at most once per point.
 * Throwing records the point as failed; the search goes on.
 */
export type WeightsEvaluator = (weights: Weights, context: EvaluationContext) => Promise<CategoryScores>;

/** Who asked for an evaluation; budgets are counted per origin. */
export const EVALUATION_ORIGINS = ['search', 'points'] as const;

/** One of {@link EVALUATION_ORIGINS}. */
export type EvaluationOrigin = (typeof EVALUATION_ORIGINS)[number];

/** A point that was evaluated successfully. */
export interface ScoredEvaluation {
  readonly status: 'scored';
  readonly point: SimplexPoint;
  /** Per-category scores the evaluator returned. */
  readonly scores: CategoryScores;
  /** The objective's value for those scores. */
  readonly score: number;
  /** True when no evaluator call was made for this request (journal, cache or a shared call). */
  readonly cached: boolean;
}

/** A point whose evaluation threw (or returned unusable scores). */
export interface FailedEvaluation {
  readonly status: 'failed';
  readonly point: SimplexPoint;
  /** The error message, as recorded in the journal. */
  readonly error: string;
  /** True when no evaluator call was made for this request. */
  readonly cached: boolean;
}

/** A point left unevaluated because the budget was spent. */
export interface SkippedEvaluation {
  readonly status: 'skipped';
  readonly point: SimplexPoint;
}

/** The outcome of asking for one point. */
export type Evaluation = ScoredEvaluation | FailedEvaluation | SkippedEvaluation;

/** The unparseable last line of a journal (a write cut short by a kill), tolerated and reported. */
export interface TornLine {
  /** 1-based line number. */
  readonly line: number;
  /** The start of the fragment, for the report. */
  readonly fragment: string;
}

/** Events for a live view; the package itself never prints. */
export type ProgressEvent =
  /** The journal was read: how many evaluations it already holds, and a torn tail if any. */
  | { readonly type: 'journal'; readonly name: string; readonly evaluations: number; readonly torn: TornLine | undefined }
  /** A phase starts: how many points it plans (undefined when adaptive) and how many are cached. */
  | { readonly type: 'plan'; readonly phase: Exclude<Strategy, 'grid+coordinate'> | 'points'; readonly points: number | undefined; readonly cached: number }
  /** Coordinate ascent moved to a step and has this many moves to try from its current point. */
  | { readonly type: 'step'; readonly step: number; readonly moves: number }
  /** An evaluator call started; `running` counts calls in flight, this one included. */
  | { readonly type: 'started'; readonly point: SimplexPoint; readonly running: number }
  /** An evaluator call ended and was journaled. */
  | { readonly type: 'finished'; readonly evaluation: ScoredEvaluation | FailedEvaluation; readonly running: number; readonly seconds: number }
  /** The search found a better point than any before. */
  | { readonly type: 'best'; readonly evaluation: ScoredEvaluation };
