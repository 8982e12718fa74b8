import { coalitionPoint, simplexPoint, type CategoryScores, type Evaluation, type ScoredEvaluation, type SearchSession, type SimplexPoint } from '@soce/search';
import type { PipelineContext } from './pipeline_context.ts';
import type { ComparisonEntry, ComparisonView } from './report_model.ts';
import { openCandidateSession } from './sessions.ts';

/** The same exact point over all candidates: experts keep their weights, the others get 0. */
export function onCandidates(candidates: readonly string[], point: SimplexPoint): SimplexPoint {
  const numerators = candidates.map((name) => {
    const i = point.experts.indexOf(name);
    return i < 0 ? 0 : point.numerators[i]!;
  });
  return simplexPoint(candidates, numerators, point.denominator);
}

/** The same point over the experts only, when it weights no one else; `undefined` otherwise. */
export function onExperts(experts: readonly string[], point: SimplexPoint): SimplexPoint | undefined {
  const outside = point.experts.some((name, i) => point.numerators[i]! > 0 && !experts.includes(name));
  if (outside) return undefined;
  return simplexPoint(experts, experts.map((name) => point.numerators[point.experts.indexOf(name)] ?? 0), point.denominator);
}

/**
 * The search session's score of a point given over all candidates, when the point weights only
 * the session's experts and the session has scored it; `undefined` otherwise.
 */
export function scoredBySearch(search: SearchSession | undefined, point: SimplexPoint): ScoredEvaluation | undefined {
  const mine = search === undefined ? undefined : onExperts(search.experts, point);
  const found = mine === undefined ? undefined : search?.lookup(mine);
  return found?.status === 'scored' ? found : undefined;
}

interface Row {
  readonly kind: ComparisonEntry['kind'];
  readonly name: string;
  readonly point: SimplexPoint;
}

function scored(evaluation: Evaluation | undefined): { total: number; categories: CategoryScores } | null {
  return evaluation?.status === 'scored' ? { total: evaluation.score, categories: evaluation.scores } : null;
}

/**
 * The paper's Table 1 for this run: every candidate, the best single candidate (best on dev, so
 * the choice does not peek at test), the uniform soup of all candidates, the uniform soup of the
 * experts, the best point of the search over all candidates (when that ablation ran) and SoCE's
 * soup, each scored on dev and, with a test evaluator, on test. Every point goes through the
 * candidates' journals, so a rerun re-evaluates nothing, and points a search session already
 * scored are taken from it.
 */
export async function comparisonStep(
  ctx: PipelineContext,
  experts: readonly string[],
  best: SimplexPoint,
  search?: SearchSession,
  searchAll?: { readonly best: SimplexPoint; readonly session: SearchSession },
): Promise<ComparisonView> {
  ctx.onProgress?.({ type: 'phase', phase: 'comparison', detail: 'candidates, uniform soups and SoCE on dev' + (ctx.evaluateTest ? ' and test' : '') });
  const candidates = Object.keys(ctx.candidates);
  const singles: Row[] = candidates.map((name) => ({ kind: 'candidate', name, point: coalitionPoint(candidates, [name]) }));
  const soups: Row[] = [
    { kind: 'uniformAll', name: 'uniform soup of all candidates', point: coalitionPoint(candidates, candidates) },
    { kind: 'uniformExperts', name: `uniform soup of the experts`, point: coalitionPoint(candidates, [...experts]) },
    ...(searchAll === undefined ? [] : [{ kind: 'searchAll' as const, name: 'search over all candidates', point: onCandidates(candidates, searchAll.best) }]),
    { kind: 'soce', name: 'SoCE', point: onCandidates(candidates, best) },
  ];
  const rows = [...singles, ...soups];
  // Points a search already scored (SoCE's, the experts' uniform soup, the ablation's best, maybe
  // the uniform soup of all) are not evaluated again.
  const known = rows.map((r) => scoredBySearch(search, r.point) ?? scoredBySearch(searchAll?.session, r.point));
  const missing = rows.filter((_, i) => known[i] === undefined).map((r) => r.point);
  const evaluated = await (await openCandidateSession(ctx, 'dev', 'comparison')).evaluate(missing);
  let next = 0;
  const dev = known.map((k) => k ?? evaluated[next++]);
  const test = ctx.evaluateTest === undefined ? undefined : await (await openCandidateSession(ctx, 'test', 'comparison')).evaluate(rows.map((r) => r.point));

  const entries: ComparisonEntry[] = rows.map((row, i) => {
    const d = scored(dev[i]);
    const t = scored(test?.[i]);
    return {
      kind: row.kind,
      name: row.name,
      weights: Object.fromEntries(Object.entries(row.point.weights.toRecord()).filter(([, w]) => w > 0)),
      dev: d?.total ?? null,
      test: t?.total ?? null,
      categories: { dev: d?.categories ?? null, test: t?.categories ?? null },
    };
  });
  const bestSingle = entries
    .filter((e) => e.kind === 'candidate' && e.dev !== null)
    .reduce<ComparisonEntry | undefined>((a, e) => (a === undefined || e.dev! > a.dev! ? e : a), undefined);
  const table = [...entries.slice(0, singles.length)];
  if (bestSingle !== undefined) table.push({ ...bestSingle, kind: 'bestSingle', name: `best single: ${bestSingle.name}` });
  table.push(...entries.slice(singles.length));
  const categories = Object.keys(entries.find((e) => e.categories.dev !== null)?.categories.dev ?? {});
  return { categories, rows: table };
}
