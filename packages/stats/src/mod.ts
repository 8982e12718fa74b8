/**
 * SoCE's analysis, runtime-neutral (Node, Deno, browsers): read score tables, correlate categories,
 * find weak categories and clusters, choose category experts, and compute Shapley values of
 * candidates.
 * @module
 */
export { ScoreTable, type IgnoredColumn, type ScoreTableInit } from './score_table.ts';
export { ScoreTableError, type ScoreTableLocation } from './score_table_error.ts';
export type { ScoreTableOptions } from './score_table_options.ts';
export { parseScoreCell, MISSING_MARKERS, type ScoreCell } from './score_cell.ts';
export { parseScoreTableCsv } from './score_table_csv.ts';
export { parseScoreTableJson } from './score_table_json.ts';
export { parseScoreTable, scoreTableFormat, type ScoreTableFormat } from './parse_score_table.ts';
export { detectCategoryColumns, NON_SCORE_COLUMNS } from './category_detection.ts';
export { selectColumns } from './category_selector.ts';
export { MODEL_COLUMN_NAMES } from './raw_score_table.ts';
export { closeMatches, didYouMean } from './close_matches.ts';
export { averageRanks } from './average_ranks.ts';
export { CORRELATION_METHODS, correlation, describeUndefined, MIN_PAIRS, type Correlation, type CorrelationMethod, type UndefinedReason } from './correlation.ts';
export { correlationMatrix, correlationValues, correlationCounts, meanOffDiagonal, type CorrelationMatrix } from './correlation_matrix.ts';
export { AnalysisOptionsError } from './analysis_options_error.ts';
export { DEFAULT_TAU, DEFAULT_CLUSTER_TAU, DEFAULT_SWEEP, TAU_RANGE, TAU_RANGE_MESSAGE, checkTau, defaultTau, isTau } from './tau.ts';
export { weakCategories, type WeakCategories, type WeakPair } from './weak_categories.ts';
export { clusterCategories, LINKAGES, type CategoryCluster, type Linkage } from './category_clusters.ts';
export { checkModels } from './candidates.ts';
export { selectExperts, type Expert, type ExpertOptions, type ExpertSelection, type UncoveredCategories } from './experts.ts';
export { EXPERT_MODES, type ExpertMode } from './expert_mode.ts';
export { tauSweep, expertGroups, type TauSweepOptions, type TauSweepPoint } from './tau_sweep.ts';
export { analyze, POPULATIONS, type Analysis, type AnalyzeOptions, type Population, type UndefinedCorrelation } from './analyze.ts';
export { consistency, type Consistency, type ConsistencySide } from './consistency.ts';
export { ShapleyInputError } from './shapley_input_error.ts';
export { MAX_EXACT_PLAYERS, formatCoalition, type ShapleyResult, type ShapleyValue, type ValueFunction } from './shapley_result.ts';
export { exactShapley, shapleyFromMaskedValues, type ExactShapleyOptions } from './shapley_exact.ts';
export { sampledShapley, type SampledShapleyOptions } from './shapley_sampled.ts';
export { shapley } from './shapley.ts';
export { parseCoalitionValues, shapleyFromValues, type CoalitionValues } from './coalition_values.ts';
