/**
 * The SoCE pipeline: analyse a score table, pick experts, search soup weights over real merges,
 * compare with the reference soups, compute Shapley values, write the soup and the report's data.
 * Each step is a function of its own; `runPipeline` composes them. Runs under Node and Deno; the
 * runtime-specific parts (running an evaluator command) come in through small interfaces
 * implemented in `@soce/core/node` and `@soce/core/deno`.
 * @module
 */
export type {
  AnalysisView,
  CategoryScores,
  ComparisonEntry,
  ComparisonView,
  CorrelationView,
  ReportModel,
  SearchView,
  ShapleyView,
  TauSweepRow,
  TracePoint,
} from './report_model.ts';
export { analyseScores, analysisView, type AnalysisOutcome } from './analysis_step.ts';
export { BFCL_TOP_LEVEL, parseBfclScores, readBfclScores, type BfclScoreFiles, type BfclScoreOptions } from './bfcl_scores.ts';
export { createCommandEvaluator, expandArgv, PLACEHOLDERS, type CommandEvaluatorOptions, type ScoreFormat } from './command_evaluator.ts';
export { comparisonStep, onCandidates, onExperts, scoredBySearch } from './comparison_step.ts';
export { consistencyView } from './consistency_step.ts';
export { EvaluationError } from './evaluation_error.ts';
export { evaluationId, type Evaluator } from './evaluator.ts';
export { readEvaluatorScores, scoresPath, type ScoreSelection } from './evaluator_scores.ts';
export { LM_EVAL_DEFAULT_METRICS, parseLmEvalResults, type LmEvalOptions } from './lm_eval_results.ts';
export { RUN_FILES, type PipelineContext, type PipelineEvent, type PipelinePhase } from './pipeline_context.ts';
export type { ProcessRequest, ProcessResult, ProcessRunner } from './process_runner.ts';
export { ConfigError, parseRunConfig, type EvaluatorConfig, type RunConfig } from './run_config.ts';
export { runPipeline, type PipelineInput, type PipelineResult } from './run_pipeline.ts';
export { parsePythonJson } from './python_json.ts';
export { parseScoresJson, type Scores } from './scores_json.ts';
export { searchAllStep } from './search_all_step.ts';
export { searchStep, searchView, type SearchOutcome } from './search_step.ts';
export { openCandidateSession, openSearchStepSession } from './sessions.ts';
export { shapleyStep, type ShapleyOutcome, type ShapleyStepOptions } from './shapley_step.ts';
export { soupEvaluator, soupIngredients, type SoupEvaluatorOptions } from './soup_evaluator.ts';
export { soupStep } from './soup_step.ts';
export { writeJsonAtomically } from './write_json.ts';
