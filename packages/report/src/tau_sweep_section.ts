import type { AnalysisView, TauSweepRow } from '@soce/core';
import { tauSweepSvg } from './charts/tau_sweep.ts';
import { figure } from './figure.ts';
import { html } from './html.ts';
import type { Section } from './section.ts';

/** Consecutive τ values that pick the same experts: one row of the table. */
interface Plateau {
  readonly from: number;
  readonly to: number;
  readonly weakMin: number;
  readonly weakMax: number;
  readonly experts: readonly string[];
}

/**
 * Groups the sweep into runs of τ with the same expert set. A user choosing τ cares where the
 * set changes, not about each step of the sweep.
 */
function plateaus(rows: readonly TauSweepRow[]): Plateau[] {
  const sorted = [...rows].sort((a, b) => a.tau - b.tau);
  const key = (experts: readonly string[]): string => JSON.stringify([...experts].sort());
  const out: Plateau[] = [];
  for (const row of sorted) {
    const last = out.at(-1);
    if (last && key(last.experts) === key(row.experts)) {
      out[out.length - 1] = { ...last, to: row.tau, weakMin: Math.min(last.weakMin, row.weakCount), weakMax: Math.max(last.weakMax, row.weakCount) };
    } else {
      out.push({ from: row.tau, to: row.tau, weakMin: row.weakCount, weakMax: row.weakCount, experts: row.experts });
    }
  }
  return out;
}

const range = (a: number, b: number): string => (a === b ? String(a) : `${a}–${b}`);

/** The τ sweep: how |L| and the experts change with τ, and which τ the run used. */
export async function tauSweepSection(analysis: AnalysisView): Promise<Section | null> {
  if (analysis.tauSweep.length === 0) return null;
  const svg = await tauSweepSvg(analysis.tauSweep, analysis.tau);
  const rows = plateaus(analysis.tauSweep).map((p) => {
    const chosen = analysis.tau >= p.from && analysis.tau <= p.to;
    return html`<tr class="${chosen ? 'chosen' : ''}"><td class="range">${range(p.from, p.to)}${chosen ? html` <span class="tag">chosen τ = ${analysis.tau}</span>` : ''}</td><td class="num">${range(p.weakMin, p.weakMax)}</td><td>${p.experts.length === 0 ? html`<span class="muted">none</span>` : p.experts.join(', ')}</td></tr>`;
  });
  return {
    id: 'tau',
    title: 'Choosing τ',
    body: html`<p>A category is weakly correlated when its correlation with some other category is below τ in absolute value; each such category gets an expert. Where the expert set stays the same over a wide range of τ, the choice of τ does not matter much.</p>
${figure('tau-sweep', svg, html`|L| and the number of experts against τ; the dashed line is the τ this run used (${analysis.tau}).`)}
<div class="table-wrap"><table class="compact"><caption>Expert sets along the sweep</caption><thead><tr><th>τ</th><th>|L|</th><th>experts</th></tr></thead><tbody>${rows}</tbody></table></div>`,
  };
}
