import type { SearchSpec } from '@soce/search';
import { RUN_FILES, type PipelineContext } from './pipeline_context.ts';
import { searchView, type SearchOutcome } from './search_step.ts';
import { openSearchStepSession } from './sessions.ts';

/**
 * The ablation of SoCE's expert choice: the same weight search (strategy, step, bounds and
 * evaluation budget) over every candidate instead of the experts, journaled in
 * `search-all.jsonl`. If SoCE still wins, the win is the experts', not the search's. When the
 * experts are every candidate the two searches are one, and `soce` is returned as it is.
 */
export async function searchAllStep(ctx: PipelineContext, experts: readonly string[], search: SearchSpec, budget: number | undefined, soce: SearchOutcome): Promise<SearchOutcome> {
  const candidates = Object.keys(ctx.candidates);
  if (candidates.length === experts.length && candidates.every((c) => experts.includes(c))) return soce;
  ctx.onProgress?.({ type: 'phase', phase: 'ablation', detail: `${search.strategy ?? 'grid'} over all ${candidates.length} candidates${budget === undefined ? '' : `, at most ${budget} evaluations`}` });
  const session = await openSearchStepSession(ctx, candidates, search, 'ablation', RUN_FILES.searchAllJournal);
  const result = await session.search(budget === undefined ? {} : { budget });
  if (result.best === undefined) {
    throw new Error(`the search over all candidates scored no point (${result.history.length} evaluation(s), none scored); fix the evaluator and rerun: the journal keeps finished work`);
  }
  return { result, view: searchView(result), session };
}
