import type { ReportModel } from '@soce/core';
import { formatDelta, formatScore, formatTimestamp } from './format.ts';
import { html, type Html } from './html.ts';
import type { Section } from './section.ts';

/** SoCE against the best single candidate, the one comparison a reader wants first. */
function glance(model: ReportModel): Html | null {
  const rows = model.comparison?.rows ?? [];
  const soce = rows.find((r) => r.kind === 'soce');
  const single = rows.find((r) => r.kind === 'bestSingle');
  if (!soce) return null;
  const figure = (split: 'dev' | 'test'): Html | null => {
    const value = soce[split];
    if (value === null) return null;
    const base = single?.[split] ?? null;
    return html`<div><dt>SoCE, ${split} total</dt><dd>${formatScore(value)}${base === null ? null : html` <small>${formatDelta(value - base)} vs best single (${formatScore(base)})</small>`}</dd></div>`;
  };
  return html`<dl class="glance">${figure('dev')}${figure('test')}</dl>`;
}

/**
 * The report's head: title, what made it and when, the candidates (experts marked), SoCE's
 * headline numbers and a contents list of the sections present.
 */
export function header(model: ReportModel, sections: readonly Section[]): Html {
  const experts = new Set(model.search?.experts ?? model.analysis?.experts.map((e) => e.model) ?? []);
  return html`<header>
<h1>${model.title}</h1>
<p class="meta">Made by ${model.tool} on <time datetime="${model.createdAt}">${formatTimestamp(model.createdAt)}</time></p>
<div><strong>${model.candidates.length} candidate${model.candidates.length === 1 ? '' : 's'}</strong>${experts.size ? html` <span class="muted">(experts highlighted)</span>` : null}
<ul class="candidates">${model.candidates.map((c) => html`<li class="${experts.has(c) ? 'expert' : ''}">${c}</li>`)}</ul></div>
${glance(model)}
${sections.length ? html`<nav aria-label="Contents"><ol>${sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>` : null}
</header>`;
}
