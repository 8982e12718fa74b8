/**
 * The SoCE pipeline: analyze a score table, pick experts, search soup weights over real merges,
 * compare with the reference soups, compute Shapley values, write the soup and the report's data.
 * Each step is a function of its own; `runPipeline` composes them. Runs under Node and Deno; the
 * runtime-specific parts (running an evaluator command) come in through small interfaces
 * implemented in `@soce/core/node` and `@soce/core/deno`. `SlurmClient` submits and tracks batch
 * jobs on a Slurm cluster through Slurm's own commands.
 * @module
 */
export type {
  AnalysisView,
  ComparisonEntry,
  ComparisonView,
  CorrelationView,
  ReportModel,
  SearchView,
  ShapleyView,
  TauSweepRow,
  TracePoint,
} from './report_model.ts';
export { analyzeScores, analysisView, type AnalysisOutcome } from './analysis_step.ts';
export { BFCL_TOP_LEVEL, parseBfclScores, readBfclScores, type BfclScoreFiles, type BfclScoreOptions } from './bfcl_scores.ts';
export { CategoryMismatchError, checkCategories, type ExpectedCategories } from './category_check.ts';
export { createCommandEvaluator, expandArgv, expandEnv, PLACEHOLDERS, type CommandEvaluatorOptions, type PlaceholderValues } from './command_evaluator.ts';
export { comparisonStep, onCandidates, onExperts, scoredBySearch } from './comparison_step.ts';
export { pipelineInputFromConfig, searchSpecFromConfig, type ConfiguredPipeline, type PipelineRuntime } from './config_pipeline.ts';
export { ConsecutiveFailuresError } from './consecutive_failures_error.ts';
export { consistencyView } from './consistency_step.ts';
export { dryRun, type DryRunResult, type PhasePlan, type ProbeResult, type RunPlan } from './dry_run.ts';
export { EvaluationError, type EvaluationLog } from './evaluation_error.ts';
export { expertsStep, type ExpertsInput, type ExpertsOutcome } from './experts_step.ts';
export { PipelineInputError } from './pipeline_input_error.ts';
export { EXECUTOR_KINDS, type ExecutorConfig, type LocalExecutorConfig, type SlurmExecutorConfig } from './executor_config.ts';
export type { EvaluationSplit, PointExecutor, PointRequest } from './point_executor.ts';
export { runPointJob, type PointJobRuntime } from './point_job.ts';
export { parsePointJobSpec, POINT_JOB_FORMAT, PointJobError, type PointJobSpec } from './point_job_spec.ts';
export { SlurmExecutor, type SlurmEvaluator, type SlurmExecutorOptions, type SlurmJobEvent } from './slurm_executor.ts';
export { slurmExecutorFromConfig, type SlurmExecutorRuntime } from './slurm_executor_config.ts';
export { SlurmJobJournal, type JobJournalLine, type JournaledJob, type JournaledSubmission } from './slurm_job_journal.ts';
export { evaluationId, type CheckpointEvaluator, type EvaluationContext } from './evaluator.ts';
export { readEvaluatorScores, SCORE_FORMATS, scoresPath, type ScoreFormat, type ScoreSelection } from './evaluator_scores.ts';
export { LM_EVAL_DEFAULT_METRICS, parseLmEvalResults, type LmEvalOptions } from './lm_eval_results.ts';
export { RUN_FILES, type PipelineContext, type PipelineEvent, type PipelinePhase } from './pipeline_context.ts';
export { DEFAULT_KILL_GRACE_MS, DEFAULT_OUTPUT_TAIL_BYTES, type ProcessRequest, type ProcessResult, type ProcessRunner } from './process_runner.ts';
export { ConfigError, parseRunConfig, type EvaluatorConfig, type RunConfig } from './run_config.ts';
export { DEFAULT_MAX_CONSECUTIVE_FAILURES, describeWeights, guardRun, type RunGuardOptions } from './run_guard.ts';
export { runPipeline, type PipelineInput, type PipelineResult } from './run_pipeline.ts';
export { parsePythonJson } from './python_json.ts';
export { parseScoresJson } from './scores_json.ts';
export { checkSbatchOptions } from './sbatch_options.ts';
export { searchAllStep } from './search_all_step.ts';
export { searchStep, searchView, type SearchOutcome } from './search_step.ts';
export { openCandidateSession, openSearchStepSession } from './sessions.ts';
export { shapleyStep, type ShapleyOutcome, type ShapleyStepOptions } from './shapley_step.ts';
export { batchScript, type BatchJobSpec } from './slurm_batch_script.ts';
export { SlotPool } from './slot_pool.ts';
export { SlurmClient, type JobStateSource, type SlurmClientOptions, type SlurmJob, type SlurmJobStatus } from './slurm_client.ts';
export { SlurmError, type SlurmErrorCode } from './slurm_error.ts';
export { parseSlurmJobName, slurmJobName, type SlurmJobLabel } from './slurm_job_name.ts';
export { isFinalState, JOB_STATES, jobStateOf, type JobState } from './slurm_job_state.ts';
export { soupEvaluator, soupIngredients, type SoupEvaluatorOptions } from './soup_evaluator.ts';
export { soupStep } from './soup_step.ts';
export { writeJsonAtomically } from './write_json.ts';
