import type { ComparisonEntry } from '@soce/core';
import { formatFixed, formatTimestamp } from './format.ts';
import { html, type Html } from './html.ts';
import { renderPage } from './page.ts';
import { renderSection, type Section } from './section.ts';

/** A total over several seeds. */
export interface SeedStatisticView {
  /** Each seed's value, in the order of {@link SeedsReportModel.seeds}. */
  readonly values: readonly number[];
  /** Their mean. */
  readonly mean: number;
  /** Their sample standard deviation. */
  readonly sd: number;
}

/** One row of the table over the seeds: a reference soup or model, or SoCE. */
export interface SeedsReportRow {
  /** Which row of a run's comparison it is. */
  readonly kind: Exclude<ComparisonEntry['kind'], 'candidate'>;
  /** What it is, for people. */
  readonly label: string;
  /** Its test totals (held out). */
  readonly test: SeedStatisticView;
  /** Its dev totals (where every choice was made). */
  readonly dev: SeedStatisticView;
  /** On how many seeds SoCE's test total is above, equal to and below this row's; absent on SoCE's row. */
  readonly soceVersus?: { readonly wins: number; readonly ties: number; readonly losses: number };
}

/** One seed's run, as the page lists it. */
export interface SeedRunView {
  /** The seed. */
  readonly seed: number;
  /** Its report, as a link relative to the page. */
  readonly report: string;
  /** The weak categories its analysis found. */
  readonly weak: readonly string[];
  /** All the categories. */
  readonly categories: readonly string[];
  /** The experts it chose. */
  readonly experts: readonly string[];
  /** How many candidates it chose them from. */
  readonly candidates: number;
}

/** What {@link renderSeedsReport} shows: one method run with several seeds, compared row by row. */
export interface SeedsReportModel {
  /** The page's title. */
  readonly title: string;
  /** When the runs ended (ISO 8601). */
  readonly createdAt: string;
  /** What made them. */
  readonly tool: string;
  /** The seeds, in the order they ran. */
  readonly seeds: readonly number[];
  /** The table's rows, SoCE's among them. */
  readonly rows: readonly SeedsReportRow[];
  /** Each seed's run, in the order of `seeds`. */
  readonly runs: readonly SeedRunView[];
}

/** `mean ± sd` with one decimal: the spread over a handful of seeds makes a second one noise. */
function meanSd(s: SeedStatisticView): string {
  return `${formatFixed(s.mean, 1)} ± ${formatFixed(s.sd, 1)}`;
}

function versus(row: SeedsReportRow, seeds: number): string {
  if (row.soceVersus === undefined) return '';
  const { wins, ties } = row.soceVersus;
  return `${wins} of ${seeds}${ties > 0 ? ` (${ties} tied)` : ''}`;
}

function tableSection(model: SeedsReportModel): Section {
  const n = model.seeds.length;
  const bestMean = Math.max(...model.rows.map((r) => r.test.mean));
  const line = (row: SeedsReportRow): Html =>
    html`<tr class="kind-${row.kind}"><th scope="row"><div class="name">${row.label}</div></th><td class="num total${row.test.mean === bestMean ? ' best' : ''}">${meanSd(row.test)}</td>${row.test.values.map((v) => html`<td class="num">${formatFixed(v, 1)}</td>`)}<td class="num total">${meanSd(row.dev)}</td><td class="num">${versus(row, n)}</td></tr>`;
  return {
    id: 'over-the-seeds',
    title: 'Over the seeds',
    body: html`<p>Each row’s total over the categories on the test split (held out: the experts, the weights and the best single candidate were chosen on dev), as mean ± sample standard deviation over ${n} seeds, then each seed’s value; the dev total beside it; and on how many seeds SoCE’s test total is above the row’s. The highest mean is highlighted.</p>
<div class="table-wrap"><table class="comparison"><thead><tr><th>model or soup</th><th class="num total">test total, mean ± sd</th>${model.seeds.map((s) => html`<th class="num">seed ${s}</th>`)}<th class="num total">dev total, mean ± sd</th><th class="num">SoCE better on test</th></tr></thead><tbody class="references">${model.rows.map(line)}</tbody></table></div>`,
  };
}

function runsSection(model: SeedsReportModel): Section {
  const line = (run: SeedRunView): Html =>
    html`<tr><th scope="row" class="num">${run.seed}</th><td>${run.weak.join(', ') || 'none'} <span class="muted">(${run.weak.length} of ${run.categories.length})</span></td><td>${run.experts.join(', ')} <span class="muted">(${run.experts.length} of ${run.candidates})</span></td><td><a href="${run.report}">${run.report}</a></td></tr>`;
  return {
    id: 'each-seed',
    title: 'Each seed',
    body: html`<p>Every seed is a complete run of its own: its split of the data, its training, its analysis and its searches. Its report has the correlations, the τ sweep, the searches, the Shapley values and the full table.</p>
<div class="table-wrap"><table class="compact"><thead><tr><th class="num">seed</th><th>weak categories</th><th>experts</th><th>report</th></tr></thead><tbody>${model.runs.map(line)}</tbody></table></div>`,
  };
}

/**
 * The report of one method run with several seeds, as one self-contained HTML page: the table of
 * every row as mean ± sd over the seeds with each seed's value and SoCE's wins, then what each
 * seed's analysis chose, linked to that seed's own report. No chart, no script; text escaped.
 */
export function renderSeedsReport(model: SeedsReportModel): string {
  const sections = [tableSection(model), runsSection(model)];
  return renderPage(
    { title: model.title, tool: model.tool, charts: false },
    html`<header>
<h1>${model.title}</h1>
<p class="meta">Made by ${model.tool} on <time datetime="${model.createdAt}">${formatTimestamp(model.createdAt)}</time>, seeds ${model.seeds.join(', ')}</p>
<nav aria-label="Contents"><ol>${sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>
</header>
${sections.map((s) => html`${renderSection(s)}\n`)}`,
  );
}
