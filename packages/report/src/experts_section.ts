import type { AnalysisView } from '@soce/core';
import { html } from './html.ts';
import type { Section } from './section.ts';

/** The experts SoCE picked and the categories each one wins (or, in cluster mode, the clusters). */
export function expertsSection(analysis: AnalysisView): Section | null {
  if (analysis.experts.length === 0) return null;
  const rows = analysis.experts.map(
    (e) => html`<tr><th scope="row">${e.model}</th><td class="num">${e.categories.length}</td><td>${e.categories.join(', ')}</td></tr>`,
  );
  const clusters = analysis.clusters?.length
    ? html`<div class="table-wrap"><table class="compact"><caption>Category clusters (average linkage on 1 − |ρ|, cut at τ)</caption><thead><tr><th>cluster</th><th>categories</th></tr></thead><tbody>${analysis.clusters.map(
        (c, i) => html`<tr><td class="num">${i + 1}</td><td>${c.join(', ')}</td></tr>`,
      )}</tbody></table></div>`
    : null;
  return {
    id: 'experts',
    title: 'Experts',
    body: html`<p>${analysis.mode === 'cluster' ? 'One expert per cluster of categories' : 'One expert per weakly correlated category'}: the candidate with the best score on it (ties go to the higher mean score, then the name). ${analysis.experts.length} expert${analysis.experts.length === 1 ? '' : 's'} for ${analysis.weak.length} categor${analysis.weak.length === 1 ? 'y' : 'ies'}.</p>
<div class="table-wrap"><table><thead><tr><th>expert</th><th class="num">categories won</th><th>which</th></tr></thead><tbody>${rows}</tbody></table></div>
${clusters}`,
  };
}
