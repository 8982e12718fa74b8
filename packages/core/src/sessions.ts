import { openSearchSession, type WeightsEvaluator, type ProgressEvent, type SearchSession, type SearchSpec } from '@soce/search';
import { joinPath } from '@soce/tensors';
import type { CheckpointEvaluator } from './evaluator.ts';
import { RUN_FILES, type PipelineContext, type PipelinePhase } from './pipeline_context.ts';
import type { EvaluationSplit } from './point_executor.ts';
import { soupEvaluator } from './soup_evaluator.ts';

/**
 * The search's weights evaluator for `split`: the context's executor when it has one, otherwise
 * the soup-directory evaluator adapted here (merge, evaluate, clean up).
 */
function weightsEvaluator(ctx: PipelineContext, evaluate: CheckpointEvaluator, split: EvaluationSplit): WeightsEvaluator {
  const executor = ctx.executor;
  if (executor !== undefined) return (weights, context) => executor.evaluate({ split, weights: weights.toRecord(), signal: context.signal });
  const soup = soupEvaluator({
    fs: ctx.fs,
    candidates: ctx.candidates,
    backend: ctx.backend,
    workDir: joinPath(ctx.out, RUN_FILES.soups),
    evaluate,
    ...(ctx.keepSoups === undefined ? {} : { keepSoups: ctx.keepSoups }),
    ...(ctx.outDtype === undefined ? {} : { outDtype: ctx.outDtype }),
    onMerge: (summary) => ctx.onProgress?.({ type: 'merge', summary }),
  });
  return (weights, context) => soup(weights.toRecord(), { signal: context.signal });
}

/**
 * The session that searches the experts' weights, journaled in `journal.jsonl` (the ablation's
 * search over every candidate: `search-all.jsonl`): its header records the experts, strategy,
 * bounds and objective, so resuming with other settings is an error instead of a silent mix.
 */
export function openSearchStepSession(
  ctx: PipelineContext,
  experts: readonly string[],
  search: SearchSpec,
  phase: PipelinePhase,
  journal: string = RUN_FILES.searchJournal,
): Promise<SearchSession> {
  return openSearchSession({
    experts,
    evaluator: weightsEvaluator(ctx, ctx.evaluate, 'dev'),
    search,
    journal: ctx.openJournal(joinPath(ctx.out, journal)),
    ...sharedOptions(ctx, phase),
  });
}

/**
 * A session over all candidates, for points the search does not propose: single candidates,
 * uniform soups, coalitions for Shapley values, the chosen soup on the test split. Zero weights
 * are allowed, so its bounds are the whole simplex. `dev` and `test` keep separate journals.
 */
export function openCandidateSession(ctx: PipelineContext, split: 'dev' | 'test', phase: PipelinePhase): Promise<SearchSession> {
  const evaluate = split === 'dev' ? ctx.evaluate : ctx.evaluateTest;
  if (evaluate === undefined) throw new Error('no test evaluator was given');
  return openSearchSession({
    experts: Object.keys(ctx.candidates),
    evaluator: weightsEvaluator(ctx, evaluate, split),
    search: { bounds: { min: 0, max: 1 } },
    journal: ctx.openJournal(joinPath(ctx.out, split === 'dev' ? RUN_FILES.candidateJournal : RUN_FILES.testJournal)),
    ...sharedOptions(ctx, phase),
  });
}

function sharedOptions(ctx: PipelineContext, phase: PipelinePhase) {
  return {
    ...(ctx.objective === undefined ? {} : { objective: ctx.objective }),
    ...(ctx.concurrency === undefined ? {} : { concurrency: ctx.concurrency }),
    ...(ctx.retryFailed === undefined ? {} : { retryFailed: ctx.retryFailed }),
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
    onProgress: (event: ProgressEvent) => ctx.onProgress?.({ type: 'evaluation', phase, event }),
  };
}
