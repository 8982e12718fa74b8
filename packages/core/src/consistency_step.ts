import type { Evaluation } from '@soce/search';
import { consistency, correlationCounts, correlationValues, ScoreTable } from '@soce/stats';
import type { ReportModel } from './report_model.ts';

type ConsistencyView = NonNullable<ReportModel['consistency']>;

function table(source: string, rows: readonly { name: string; scores: Readonly<Record<string, number>> }[], categories: readonly string[]): ScoreTable {
  return ScoreTable.create({
    source,
    models: rows.map((r) => r.name),
    categories,
    scores: rows.map((r) => categories.map((c) => r.scores[c] ?? null)),
  });
}

/**
 * The paper's "consistency" (its figure 2): category correlations across the candidates beside
 * the same across the evaluated soups. `undefined` when there are too few of either (three
 * models with scores are the least a correlation needs).
 */
export function consistencyView(
  candidates: readonly { name: string; scores: Readonly<Record<string, number>> }[],
  soups: readonly Evaluation[],
): ConsistencyView | undefined {
  const scoredSoups = soups.flatMap((e) => (e.status === 'scored' ? [{ name: e.point.key, scores: e.scores }] : []));
  const categories = Object.keys(candidates[0]?.scores ?? {});
  if (candidates.length < 3 || scoredSoups.length < 3 || categories.length < 2) return undefined;
  const result = consistency(table('candidates', candidates, categories), table('soups', scoredSoups, categories));
  const view = (side: typeof result.before) => ({
    categories: result.categories,
    r: correlationValues(side.matrix),
    n: correlationCounts(side.matrix),
  });
  return {
    before: view(result.before),
    after: view(result.after),
    meanBefore: result.before.meanCorrelation,
    meanAfter: result.after.meanCorrelation,
  };
}
