import type { SearchView } from '@soce/core';
import { weightsBarsSvg } from './charts/weights_bars.ts';
import { figure } from './figure.ts';
import { formatScore } from './format.ts';
import { html } from './html.ts';
import type { Section } from './section.ts';

/** The weights the search chose, and the soup's score on each category with them. */
export async function weightsSection(search: SearchView): Promise<Section> {
  const svg = await weightsBarsSvg(search.best.weights);
  const categories = Object.entries(search.best.scores);
  const scores = categories.length
    ? html`<div class="table-wrap"><table class="compact"><caption>The chosen soup's scores</caption><thead><tr>${categories.map(([c]) => html`<th class="num">${c}</th>`)}<th class="num">objective</th></tr></thead><tbody><tr>${categories.map(([, s]) => html`<td class="num">${formatScore(s)}</td>`)}<td class="num"><strong>${formatScore(search.best.objective)}</strong></td></tr></tbody></table></div>`
    : null;
  return {
    id: 'weights',
    title: 'Chosen weights',
    body: html`${figure('weights', svg, 'The soup’s weight on each expert (they sum to 1).')}
${scores}`,
  };
}
