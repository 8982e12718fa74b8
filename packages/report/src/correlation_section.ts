import type { AnalysisView, ReportModel } from '@soce/core';
import { correlationHeatmapSvg } from './charts/heatmap.ts';
import { figure } from './figure.ts';
import { formatCorrelation, formatDelta } from './format.ts';
import { html } from './html.ts';
import type { Section } from './section.ts';

/** The smallest number of models behind any coefficient: how much to trust the matrix. */
function minModels(n: readonly (readonly number[])[]): number {
  return Math.min(...n.flatMap((row) => row));
}

/** The correlation of the candidates' categories and the weak categories it gives at τ. */
export async function correlationSection(analysis: AnalysisView): Promise<Section> {
  const { correlation } = analysis;
  const method = analysis.method === 'pearson' ? 'Pearson' : 'Spearman';
  const svg = await correlationHeatmapSvg(correlation, { title: `${method} correlation over ${analysis.populationSize} models`, weak: { tau: analysis.tau, pairs: analysis.weakPairs } });
  return {
    id: 'correlation',
    title: 'Category correlation',
    body: html`<p>${method} correlation of the categories’ scores across the population of ${analysis.populationSize} models (each coefficient uses the models scored on both categories, at least ${minModels(correlation.n)}). At τ = ${analysis.tau}, ${analysis.weak.length} of ${correlation.categories.length} categories are weakly correlated with another one: ${analysis.weak.length ? analysis.weak.join(', ') : html`<span class="muted">none</span>`}.</p>
${figure('correlation', svg, 'Correlation of every pair of categories; pairs weaker than τ are outlined. Blue is positive, red negative.')}`,
  };
}

/**
 * What the two mean correlations show, in words: whether the soups' categories move together more
 * than the candidates' (the paper's figure 2 found they do), less, or about as much. Differences
 * that round to 0.00 count as no change; an undefined mean leaves nothing to compare.
 */
export function consistencyFinding(meanBefore: number | null, meanAfter: number | null): string {
  if (meanBefore === null || meanAfter === null || !Number.isFinite(meanBefore) || !Number.isFinite(meanAfter)) {
    return 'One of the two means is undefined (too few models scored on both categories of every pair), so this run cannot say whether souping changed how its categories move together.';
  }
  const change = formatDelta(meanAfter - meanBefore);
  if (change === '+0.00') return `The evaluated soups’ categories move together about as much as the candidates’ (${change}): this run shows no change in consistency.`;
  return meanAfter > meanBefore
    ? `The evaluated soups’ categories move together more than the candidates’ (${change}): souping made the checkpoints more consistent across categories, as the paper’s figure 2 found.`
    : `The evaluated soups’ categories move together less than the candidates’ (${change}): this run does not show the paper’s finding (its figure 2) that souping makes categories more consistent.`;
}

/**
 * The paper's figure 2 for this run: the same correlation before and after souping, with the
 * means and what they show (see {@link consistencyFinding}).
 */
export async function consistencySection(consistency: NonNullable<ReportModel['consistency']>): Promise<Section> {
  const { before, after, meanBefore, meanAfter } = consistency;
  const [beforeSvg, afterSvg] = await Promise.all([
    correlationHeatmapSvg(before, { title: 'Before: the candidates' }),
    correlationHeatmapSvg(after, { title: 'After: the evaluated soups' }),
  ]);
  return {
    id: 'consistency',
    title: 'Consistency after souping',
    body: html`<p class="means">Mean off-diagonal correlation: <strong>${formatCorrelation(meanBefore)}</strong> across the candidates, <strong>${formatCorrelation(meanAfter)}</strong> across the evaluated soups. ${consistencyFinding(meanBefore, meanAfter)}</p>
<div class="pair">
${figure('consistency-before', beforeSvg, html`Candidates (${minModels(before.n)} models per coefficient at least); mean ${formatCorrelation(meanBefore)}.`)}
${figure('consistency-after', afterSvg, html`Evaluated soups (${minModels(after.n)} per coefficient at least); mean ${formatCorrelation(meanAfter)}.`)}
</div>`,
  };
}
