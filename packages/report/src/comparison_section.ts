import type { ComparisonEntry, ComparisonView } from '@soce/core';
import { formatScore, formatWeight, formatWeights } from './format.ts';
import { html, type Html } from './html.ts';
import type { Section } from './section.ts';

/** What each reference row is; candidates need no label, their name says it. */
const KIND_LABELS: Record<Exclude<ComparisonEntry['kind'], 'candidate'>, string> = {
  bestSingle: 'best single candidate',
  uniformAll: 'uniform soup, all candidates',
  uniformExperts: 'uniform soup, experts',
  searchAll: 'same search over all candidates',
  soce: 'SoCE',
};

/** One numeric column: its heading and each row's value. */
interface Column {
  readonly heading: string;
  readonly total: boolean;
  readonly value: (row: ComparisonEntry) => number | null;
}

/** The columns' best values, to highlight: ties are all highlighted. */
function bestOf(rows: readonly ComparisonEntry[], column: Column): number | null {
  const values = rows.map(column.value).filter((v): v is number => v !== null && Number.isFinite(v));
  return values.length ? Math.max(...values) : null;
}

/** A soup's recipe: `0.20 each: a, b, c` when uniform, else each weight heaviest first. */
function recipe(weights: Readonly<Record<string, number>>): string {
  const values = Object.values(weights);
  const first = values[0];
  if (values.length > 1 && first !== undefined && values.every((w) => Math.abs(w - first) < 1e-9)) {
    return `${formatWeight(first)} each: ${Object.keys(weights).join(', ')}`;
  }
  return formatWeights(weights);
}

function cell(row: ComparisonEntry, column: Column, best: number | null): Html {
  const value = column.value(row);
  const isBest = value !== null && best !== null && value === best;
  return html`<td class="num${column.total ? ' total' : ''}${isBest ? ' best' : ''}">${formatScore(value)}</td>`;
}

/** Whether two rows are the same soup (same models, same weights). */
function sameSoup(a: ComparisonEntry, b: ComparisonEntry): boolean {
  const keys = Object.keys(a.weights);
  return keys.length === Object.keys(b.weights).length && keys.every((k) => b.weights[k] !== undefined && Math.abs(a.weights[k]! - b.weights[k]!) < 1e-9);
}

/**
 * The rows to show: when every candidate is an expert the two uniform soups are one soup, shown
 * once, saying so.
 */
function distinctRows(rows: readonly ComparisonEntry[]): readonly ComparisonEntry[] {
  const all = rows.find((r) => r.kind === 'uniformAll');
  const experts = rows.find((r) => r.kind === 'uniformExperts');
  if (all === undefined || experts === undefined || !sameSoup(all, experts)) return rows;
  return rows.filter((r) => r !== experts).map((r) => (r === all ? { ...r, name: `${r.name} (every candidate is an expert: also the uniform soup of the experts)` } : r));
}

/**
 * The paper's Table 1 for this run: every candidate, the best single one, the uniform soups, the
 * same search over all candidates (when the run made that ablation) and SoCE, per category and in
 * total, the best of each column highlighted. Per-category columns show the dev split (the scores
 * the weights were chosen on) when there is one, else the test split.
 */
export function comparisonSection(comparison: ComparisonView): Section | null {
  const rows = distinctRows(comparison.rows);
  if (rows.length === 0) return null;
  const split = rows.some((r) => r.categories.dev !== null) ? 'dev' : rows.some((r) => r.categories.test !== null) ? 'test' : null;
  const columns: Column[] = [
    ...(split === null ? [] : comparison.categories.map((c) => ({ heading: c, total: false, value: (r: ComparisonEntry) => r.categories[split]?.[c] ?? null }))),
    ...(rows.some((r) => r.dev !== null) ? [{ heading: 'dev total', total: true, value: (r: ComparisonEntry) => r.dev }] : []),
    ...(rows.some((r) => r.test !== null) ? [{ heading: 'test total', total: true, value: (r: ComparisonEntry) => r.test }] : []),
  ];
  const best = columns.map((c) => bestOf(rows, c));
  const line = (row: ComparisonEntry): Html => {
    const label = row.kind === 'candidate' ? null : KIND_LABELS[row.kind];
    const soup = row.kind !== 'candidate' && row.kind !== 'bestSingle';
    return html`<tr class="kind-${row.kind}"><th scope="row">${label && label !== row.name ? html`<div class="kind">${label}</div>` : null}<div class="name">${row.name}</div>${soup ? html`<div class="weights">${recipe(row.weights)}</div>` : null}</th>${columns.map((c, i) => cell(row, c, best[i] ?? null))}</tr>`;
  };
  const candidates = rows.filter((r) => r.kind === 'candidate');
  const references = rows.filter((r) => r.kind !== 'candidate');
  return {
    id: 'comparison',
    title: 'Comparison',
    body: html`<p>The paper’s Table 1 for this run. ${split === null ? '' : `Per-category scores on the ${split} split. `}The best value of each column is highlighted.${rows.some((r) => r.kind === 'searchAll') ? ' The same search over all candidates is the ablation of the expert choice: SoCE’s weight search, with its strategy and evaluation budget, over every candidate instead of the experts; SoCE above it credits choosing the experts, below it says the choice cost score.' : ''}</p>
<div class="table-wrap"><table class="comparison"><thead><tr><th>model or soup</th>${columns.map((c) => html`<th class="num${c.total ? ' total' : ''}">${c.heading}</th>`)}</tr></thead>${candidates.length ? html`<tbody>${candidates.map(line)}</tbody>` : null}${references.length ? html`<tbody class="references">${references.map(line)}</tbody>` : null}</table></div>`,
  };
}
