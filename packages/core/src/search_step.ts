import type { Evaluation, SearchResult, SearchSession, SearchSpec } from '@soce/search';
import { EvaluationError } from './evaluation_error.ts';
import type { PipelineContext } from './pipeline_context.ts';
import type { SearchView, TracePoint } from './report_model.ts';
import { openSearchStepSession } from './sessions.ts';

/** What the weight search found, with the report's view of it. */
export interface SearchOutcome {
  /** The search package's result (best point, stop reason, evaluations, history). */
  readonly result: SearchResult;
  /** The report's view: the trace and the best point. */
  readonly view: SearchView;
  /** The session, whose cache later steps consult before evaluating a point again. */
  readonly session: SearchSession;
}

/**
 * Step 4 of SoCE: searches the experts' weights, every point a real merge evaluated by
 * `ctx.evaluate`, journaled so that a killed run resumes without repeating an evaluation.
 * `budget` caps the evaluator calls (journaled ones included).
 */
export async function searchStep(ctx: PipelineContext, experts: readonly string[], search: SearchSpec, budget?: number): Promise<SearchOutcome> {
  ctx.onProgress?.({ type: 'phase', phase: 'search', detail: `${search.strategy ?? 'grid'} over ${experts.join(', ')}` });
  const session = await openSearchStepSession(ctx, experts, search, 'search');
  const result = await session.search(budget === undefined ? {} : { budget });
  if (result.best === undefined) {
    const failures = result.history.filter((e) => e.status === 'failed');
    const first = failures[0];
    throw new EvaluationError(
      `the search scored no point (${failures.length} evaluation(s) failed${first?.status === 'failed' ? `; the first: ${first.error}` : ''}); fix the evaluator and rerun: the journal keeps finished work`,
    );
  }
  return { result, view: searchView(result), session };
}

/** The report's view of a search: every proposed point in order, with the best so far. */
export function searchView(result: SearchResult): SearchView {
  const best = result.best;
  if (best === undefined) throw new Error('a search without a scored point has no view');
  let bestSoFar: number | null = null;
  const trace: TracePoint[] = [];
  result.history.forEach((evaluation: Evaluation, i) => {
    if (evaluation.status === 'skipped') return;
    const objective = evaluation.status === 'scored' ? evaluation.score : null;
    if (objective !== null && (bestSoFar === null || objective > bestSoFar)) bestSoFar = objective;
    const phase = result.strategy === 'coordinate' || (result.gridSize !== undefined && i >= result.gridSize) ? 'coordinate' : 'grid';
    trace.push({
      index: trace.length + 1,
      weights: evaluation.point.weights.toRecord(),
      objective,
      bestSoFar,
      phase,
      ...(evaluation.status === 'failed' ? { error: evaluation.error } : {}),
    });
  });
  return {
    strategy: result.strategy,
    experts: best.point.experts,
    trace,
    best: { weights: best.point.weights.toRecord(), objective: best.score, scores: best.scores },
  };
}
