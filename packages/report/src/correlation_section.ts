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
 * The paper's figure 2: the same correlation before and after souping. Souped checkpoints'
 * categories move together more than the candidates' do; the means summarise by how much.
 */
export async function consistencySection(consistency: NonNullable<ReportModel['consistency']>): Promise<Section> {
  const { before, after, meanBefore, meanAfter } = consistency;
  const [beforeSvg, afterSvg] = await Promise.all([
    correlationHeatmapSvg(before, { title: 'Before: the candidates' }),
    correlationHeatmapSvg(after, { title: 'After: the evaluated soups' }),
  ]);
  const change = meanBefore !== null && meanAfter !== null ? html` (${formatDelta(meanAfter - meanBefore)})` : null;
  return {
    id: 'consistency',
    title: 'Consistency after souping',
    body: html`<p class="means">Mean off-diagonal correlation: <strong>${formatCorrelation(meanBefore)}</strong> across the candidates, <strong>${formatCorrelation(meanAfter)}</strong> across the evaluated soups${change}. Souping makes a checkpoint’s categories move together: the paper’s figure 2.</p>
<div class="pair">
${figure('consistency-before', beforeSvg, html`Candidates (${minModels(before.n)} models per coefficient at least); mean ${formatCorrelation(meanBefore)}.`)}
${figure('consistency-after', afterSvg, html`Evaluated soups (${minModels(after.n)} per coefficient at least); mean ${formatCorrelation(meanAfter)}.`)}
</div>`,
  };
}
