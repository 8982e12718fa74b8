import type { SearchView } from '@soce/core';
import { searchTraceSvg } from './charts/search_trace.ts';
import { figure } from './figure.ts';
import { formatScore, formatWeights } from './format.ts';
import { html } from './html.ts';
import type { Section } from './section.ts';

/** The weight search: every evaluation, the best so far, and why the failed ones failed. */
export async function searchSection(search: SearchView): Promise<Section | null> {
  if (search.trace.length === 0) return null;
  const svg = await searchTraceSvg(search.trace);
  const failed = search.trace.filter((p) => p.objective === null);
  const failures = failed.length
    ? html`<div class="table-wrap"><table class="compact"><caption>Failed evaluations</caption><thead><tr><th class="num">#</th><th>strategy</th><th>weights</th><th>error</th></tr></thead><tbody>${failed.map(
        (p) => html`<tr><td class="num">${p.index}</td><td>${p.phase}</td><td>${formatWeights(p.weights, search.experts)}</td><td class="error">${p.error ?? 'no reason recorded'}</td></tr>`,
      )}</tbody></table></div>`
    : null;
  return {
    id: 'search',
    title: 'Weight search',
    body: html`<p>Strategy <strong>${search.strategy}</strong> over ${search.experts.length} experts (${search.experts.join(', ')}): ${search.trace.length} evaluations${failed.length ? `, ${failed.length} failed` : ''}. Best objective <strong>${formatScore(search.best.objective)}</strong> at ${formatWeights(search.best.weights)}.</p>
${figure('search-trace', svg, html`Objective of each evaluated soup in the order it finished, coloured by the strategy that proposed it; the black step line is the best so far${failed.length ? html`; red crosses on the chart's floor are failed evaluations (listed below)` : ''}.`)}
${failures}`,
  };
}
