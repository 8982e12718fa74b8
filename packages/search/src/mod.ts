/**
 * @soce/search — SoCE's weight search: weights on the simplex, exact grid and coordinate ascent,
 * an evaluation cache with a resumable JSONL journal. Runtime-neutral; file-backed journals come
 * from `@soce/search/node` and `@soce/search/deno`.
 * @module
 */
export { Weights, formatWeight, weightsFrom, normalizeWeights, uniformWeights } from './weights.ts';
export { SimplexPoint, simplexPoint, uniformPoint, coalitionPoint, pointFromWeights } from './simplex_point.ts';
export { DEFAULT_MIN_WEIGHT, DEFAULT_MAX_WEIGHT, boundsSpecSchema, resolveBounds, type Bounds, type BoundsSpec, type ExpertRange } from './bounds.ts';
export { stepDivisions } from './step.ts';
export { DEFAULT_STEP, MAX_GRID_POINTS, compositionCount, gridSize, simplexGrid, type GridSpec } from './grid.ts';
export {
  DEFAULT_MIN_STEP,
  stepSchedule,
  coordinateAscent,
  type AscentOptions,
  type AscentOracle,
  type AscentOutcome,
  type AscentResult,
} from './coordinate_ascent.ts';
export { OBJECTIVE_NAMES, resolveObjective, type CategoryScores, type Objective, type ObjectiveName, type ObjectiveIdentity, type ResolvedObjective } from './objective.ts';
export {
  EVALUATION_ORIGINS,
  type Evaluation,
  type EvaluationContext,
  type EvaluationOrigin,
  type FailedEvaluation,
  type ProgressEvent,
  type ScoredEvaluation,
  type SkippedEvaluation,
  type TornLine,
  type WeightsEvaluator,
} from './evaluation.ts';
export { DEFAULT_STRATEGY, resolveSearchSpec, type ResolvedSearch, type SearchSpec } from './search_spec.ts';
export { JOURNAL_FORMAT, JOURNAL_VERSION, parseJournal, type JournalRecord, type ParsedJournal, type SearchIdentity } from './journal.ts';
export { STRATEGIES, type Strategy } from './strategy.ts';
export { memoryJournalStore, type JournalStore, type MemoryJournalStore } from './journal_store.ts';
export {
  SearchSession,
  openSearchSession,
  searchWeights,
  evaluatePoints,
  type BudgetOptions,
  type SearchSessionOptions,
} from './session.ts';
export type { SearchResult } from './strategies.ts';
export type { AbortSignalLike } from './signal.ts';
export { WeightsError, GridError, JournalError, SearchOptionsError } from './errors.ts';
