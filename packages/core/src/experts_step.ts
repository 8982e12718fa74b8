import type { ExpectedCategories } from './category_check.ts';
import { analyzeScores, type AnalysisOutcome } from './analysis_step.ts';
import { RUN_FILES, type PipelineContext } from './pipeline_context.ts';
import { PipelineInputError } from './pipeline_input_error.ts';
import type { AnalyzeOptions, ScoreTable } from '@soce/stats';
import { writeJsonAtomically } from './write_json.ts';

/** The analysis (when scores were given) and the experts a run searches the weights of. */
export interface ExpertsOutcome {
  readonly analysis: AnalysisOutcome | undefined;
  readonly experts: readonly string[];
  /** What the run's first evaluation must cover: the analysis's categories, or `input.categories`. */
  readonly categories: ExpectedCategories | undefined;
}

/** What {@link expertsStep} reads of a `PipelineInput`. */
export interface ExpertsInput {
  readonly scores?: ScoreTable;
  readonly analysis?: AnalyzeOptions;
  readonly experts?: readonly string[];
  readonly categories?: readonly string[];
}

/** Steps 1-3 of SoCE (see `analyzeScores`), `analysis.json` written, or the experts as given. */
export async function expertsStep(ctx: PipelineContext, input: ExpertsInput): Promise<ExpertsOutcome> {
  await ctx.fs.mkdir(ctx.out);
  let analysis: AnalysisOutcome | undefined;
  if (input.scores !== undefined) {
    ctx.onProgress?.({ type: 'phase', phase: 'analysis', detail: `${input.scores.models.length} models × ${input.scores.categories.length} categories` });
    analysis = analyzeScores(input.scores, { candidates: Object.keys(ctx.candidates), ...input.analysis });
    await writeJsonAtomically(ctx.fs, ctx.out, RUN_FILES.analysis, analysis.analysis);
  }
  const experts = chooseExperts(ctx, input, analysis);
  const categories: ExpectedCategories | undefined =
    analysis !== undefined
      ? {
          selectors: analysis.analysis.categories,
          source: 'the categories the experts were chosen on (the score table\'s)',
          fix: 'Have the evaluator score the same categories under the same names, or rename the score table\'s columns as the evaluator names them',
        }
      : input.categories === undefined
        ? undefined
        : { selectors: input.categories, source: 'the configured categories', fix: 'Name in categories the categories the evaluator reports, or have it score the configured ones' };
  return { analysis, experts, categories };
}

function chooseExperts(ctx: PipelineContext, input: ExpertsInput, analysis: AnalysisOutcome | undefined): readonly string[] {
  const experts = input.experts ?? analysis?.experts;
  if (experts === undefined) throw new PipelineInputError('give scores to pick experts from, or the experts themselves');
  for (const expert of experts) {
    if (!(expert in ctx.candidates)) {
      throw new PipelineInputError(`expert "${expert}" is not among the candidates (${Object.keys(ctx.candidates).join(', ')}); every expert needs a checkpoint`);
    }
  }
  if (experts.length === 0) throw new PipelineInputError('the analysis picked no expert; raise τ or list the experts');
  return experts;
}
