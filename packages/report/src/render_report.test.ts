import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReportModel } from '@soce/core';
import { bfcl8bReportModel } from '../test-fixtures/bfcl_8b_fixture.ts';
import { renderReport } from './render_report.ts';

const SECTIONS = ['correlation', 'consistency', 'tau', 'experts', 'search', 'weights', 'shapley', 'comparison'];
const CHARTS = ['correlation', 'consistency-before', 'consistency-after', 'tau-sweep', 'search-trace', 'weights', 'shapley'];

const sectionsOf = (page: string): string[] => [...page.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1] ?? '');
const chartsOf = (page: string): string[] => [...page.matchAll(/<figure class="chart" data-chart="([^"]+)"[^>]*><svg\b/g)].map((m) => m[1] ?? '');

/** The fixture with every occurrence of a name replaced, as if a user's file had named it so. */
function renamed(model: ReportModel, from: string, to: string): ReportModel {
  return JSON.parse(JSON.stringify(model).replaceAll(JSON.stringify(from).slice(1, -1), JSON.stringify(to).slice(1, -1))) as ReportModel;
}

test('the full fixture renders every section, in order, and every chart as inline SVG', async () => {
  const page = await renderReport(bfcl8bReportModel);
  assert.match(page, /^<!doctype html>\n<html lang="en">/);
  assert.deepEqual(sectionsOf(page), SECTIONS);
  assert.deepEqual(chartsOf(page), CHARTS);
  assert.equal(page.match(/<svg\b/g)?.length, CHARTS.length);
  for (const id of SECTIONS) assert.ok(page.includes(`<a href="#${id}">`), `the contents link to #${id}`);
});

test('each figure carries its chart’s natural width, so the before/after pair shrinks alike', async () => {
  const page = await renderReport(bfcl8bReportModel);
  for (const m of page.matchAll(/<figure class="chart" data-chart="([^"]+)" style="--chart-width: ([\d.]+)px"><svg\b[^>]*?\swidth="([\d.]+)"/g)) {
    assert.equal(m[2], m[3], `${m[1]}: the style's width is the SVG's`);
  }
  assert.equal([...page.matchAll(/style="--chart-width: /g)].length, CHARTS.length);
  assert.match(page, /<div class="pair">\n<figure class="chart" data-chart="consistency-before"/);
});

test('the page is self-contained: no script, nothing loaded from outside, a CSP that forbids both', async () => {
  const page = await renderReport(bfcl8bReportModel);
  assert.doesNotMatch(page, /<script\b/i);
  assert.doesNotMatch(page, /<(link|img|iframe|object|embed)\b/i);
  assert.doesNotMatch(page, /(src|href)="(https?:)?\/\//i);
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">/);
  assert.match(page, /<style>[^<]*@media print/);
});

test('ids are unique across the page although every chart came out of the same renderer', async () => {
  const page = await renderReport(bfcl8bReportModel);
  const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  for (const ref of page.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids.includes(ref[1]), `url(#${ref[1]}) points at an id of the page`);
});

test('model names, categories and error messages from user files are escaped everywhere', async () => {
  let model = renamed(bfcl8bReportModel, 'CoALM-8B', '<b>evil</b>');
  model = renamed(model, 'xLAM-2-8b-fc-r (FC)', 'x"><img src=x onerror=alert(1)>');
  model = renamed(model, 'Live Acc', 'Live & <i>well</i>');
  model = renamed(model, 'evaluation timed out after 3600 s', '</td><script>alert(1)</script>');
  model = { ...model, title: '<h1>title</h1>' };
  const page = await renderReport(model);
  assert.ok(!page.includes('<b>evil</b>'));
  assert.ok(!page.includes('<img'));
  assert.ok(!page.includes('<i>well</i>'));
  assert.ok(!/<script/i.test(page));
  assert.ok(!page.includes('<h1>title</h1>'));
  assert.ok(page.includes('&lt;b&gt;evil&lt;/b&gt;'));
  assert.ok(page.includes('<title>&lt;h1&gt;title&lt;/h1&gt;</title>'));
  assert.ok(page.includes('&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(page.includes('Live &amp; &lt;i&gt;well&lt;/i&gt;'));
  assert.deepEqual(chartsOf(page), CHARTS, 'hostile names do not break the charts');
});

test('a model with no run data renders the header alone', async () => {
  const page = await renderReport({ title: 'Nothing yet', createdAt: '2025-11-20T14:32:00Z', tool: 'soce 0.1.0', candidates: ['a', 'b'] });
  assert.deepEqual(sectionsOf(page), []);
  assert.equal(page.match(/<svg\b/g), null);
  assert.doesNotMatch(page, /<nav\b/);
  assert.match(page, /<h1>Nothing yet<\/h1>/);
  assert.match(page, /2 candidates/);
  assert.match(page, /2025-11-20 14:32 UTC/);
});

test('each section appears exactly when its data does', async () => {
  const { analysis, consistency, search, shapley, comparison, ...base } = bfcl8bReportModel;
  const cases: [Partial<ReportModel>, string[], string[]][] = [
    [{ analysis }, ['correlation', 'tau', 'experts'], ['correlation', 'tau-sweep']],
    [{ consistency }, ['consistency'], ['consistency-before', 'consistency-after']],
    [{ search }, ['search', 'weights'], ['search-trace', 'weights']],
    [{ shapley }, ['shapley'], ['shapley']],
    [{ comparison }, ['comparison'], []],
  ];
  for (const [part, sections, charts] of cases) {
    const page = await renderReport({ ...base, ...part });
    assert.deepEqual(sectionsOf(page), sections, Object.keys(part).join());
    assert.deepEqual(chartsOf(page), charts, Object.keys(part).join());
  }
});

test('the comparison highlights the best value of each column and only that', async () => {
  const page = await renderReport({ ...bfcl8bReportModel, analysis: undefined, consistency: undefined, search: undefined, shapley: undefined });
  const table = /<table class="comparison">(.*?)<\/table>/s.exec(page)?.[1] ?? '';
  const rows = [...table.matchAll(/<tr class="kind-[^"]+">(.*?)<\/tr>/gs)].map((m) => [...(m[1] ?? '').matchAll(/<td class="num[^"]*?( best)?">([^<]*)<\/td>/g)]);
  assert.equal(rows.length, 9);
  const columns = rows[0]?.length ?? 0;
  assert.equal(columns, 7, 'five categories, dev total, test total');
  for (let c = 0; c < columns; c += 1) {
    const cells = rows.map((r) => ({ best: r[c]?.[1] !== undefined, value: Number(r[c]?.[2]) }));
    const max = Math.max(...cells.map((x) => x.value));
    for (const cell of cells) assert.equal(cell.best, cell.value === max, `column ${c}: ${cell.value} vs best ${max}`);
  }
  assert.match(page, /<tr class="kind-soce"><th scope="row"><div class="name">SoCE<\/div><div class="weights">xLAM-2-8b-fc-r \(FC\) 0\.70, ToolACE-2-8B \(FC\) 0\.20, watt-tool-8B \(FC\) 0\.10<\/div>/);
  assert.match(page, /0\.20 each: xLAM-2-8b-fc-r \(FC\), ToolACE-2-8B \(FC\), watt-tool-8B \(FC\), BitAgent-8B, CoALM-8B/);
  assert.match(page, /SoCE, dev total<\/dt><dd>76\.50 <small>\+4\.46 vs best single \(72\.04\)/);
});

test('a comparison without a test split drops the test column', async () => {
  const comparison = bfcl8bReportModel.comparison;
  assert.ok(comparison);
  const page = await renderReport({
    ...bfcl8bReportModel,
    comparison: { ...comparison, rows: comparison.rows.map((r) => ({ ...r, test: null })) },
  });
  assert.ok(page.includes('>dev total</th>'));
  assert.ok(!page.includes('>test total</th>'));
  assert.ok(!page.includes('SoCE, test total'));
});

test('the τ table groups the sweep into runs with the same experts and marks the chosen one', async () => {
  const page = await renderReport(bfcl8bReportModel);
  const table = /<caption>Expert sets along the sweep<\/caption>.*?<tbody>(.*?)<\/tbody>/s.exec(page)?.[1] ?? '';
  const rows = [...table.matchAll(/<tr class="([^"]*)"><td class="range">([^<]*)/g)].map((m) => [m[1], m[2]?.trim()]);
  assert.deepEqual(rows, [
    ['', '0.05'],
    ['', '0.1'],
    ['chosen', '0.15–0.95'],
  ]);
  assert.match(table, /chosen τ = 0\.2/);
});

test('failed evaluations are listed with their error, weights in the experts’ order', async () => {
  const page = await renderReport(bfcl8bReportModel);
  assert.match(page, /<td class="num">9<\/td><td>grid<\/td><td>xLAM-2-8b-fc-r \(FC\) 0\.10, ToolACE-2-8B \(FC\) 0\.80, watt-tool-8B \(FC\) 0\.10<\/td><td class="error">evaluator exited with code 137/);
  assert.match(page, /43 evaluations, 2 failed/);
});
