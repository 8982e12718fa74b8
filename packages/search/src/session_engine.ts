/**
 * The part of a search session the strategies drive: the session owns the cache, the journal and
 * the budget; a strategy only proposes points. In a module of its own so that the session (which
 * runs strategies) and the strategies (which use the engine) do not import each other.
 */
import type { Evaluation, EvaluationOrigin, ProgressEvent } from './evaluation.ts';
import type { SimplexPoint } from './simplex_point.ts';

/** What the strategies may use of a session. */
export interface SessionEngine {
  readonly concurrency: number;
  /** Evaluations of `points` (in order), each charged to `origin`'s budget when really evaluated. */
  request(
    points: readonly SimplexPoint[],
    origin: EvaluationOrigin,
    budget: number,
    onEach?: (evaluation: Evaluation) => void,
  ): Promise<Evaluation[]>;
  /** Whether `point` would be served without an evaluator call. */
  isCached(point: SimplexPoint): boolean;
  /** Evaluator calls charged to `origin`, journaled ones included. */
  spent(origin: EvaluationOrigin): number;
  /** Sends a progress event. */
  emit(event: ProgressEvent): void;
}
