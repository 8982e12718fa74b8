import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSeedsReport, type SeedsReportModel, type SeedsReportRow } from './seeds_report.ts';

function row(kind: SeedsReportRow['kind'], label: string, test: number[], versus?: [number, number, number]): SeedsReportRow {
  const mean = test.reduce((a, b) => a + b, 0) / test.length;
  const sd = Math.sqrt(test.reduce((a, v) => a + (v - mean) ** 2, 0) / (test.length - 1));
  const stat = { values: test, mean, sd };
  return { kind, label, test: stat, dev: { values: test.map((v) => v + 1), mean: mean + 1, sd }, ...(versus ? { soceVersus: { wins: versus[0], ties: versus[1], losses: versus[2] } } : {}) };
}

const model: SeedsReportModel = {
  title: 'SoCE over three seeds',
  createdAt: '2026-11-30T09:00:00Z',
  tool: 'soce demo 0.1.0',
  seeds: [1, 2, 7],
  rows: [
    row('bestSingle', 'best single candidate (chosen on dev)', [500, 510, 505], [3, 0, 0]),
    row('uniformAll', 'uniform soup of all candidates', [520, 515, 530], [2, 1, 0]),
    row('searchAll', 'same search over all <candidates>', [540, 545, 550], [0, 0, 3]),
    row('soce', 'SoCE', [530, 515, 536]),
  ],
  runs: [1, 2, 7].map((seed) => ({ seed, report: `seed-${seed}/report.html`, weak: ['rotated', 'inverted'], categories: ['clean', 'rotated', 'inverted', 'noisy'], experts: ['rot-expert', 'inv-expert'], candidates: 5 })),
};

test('the seeds report: every row as mean ± sd with each seed’s value, SoCE’s wins, the best mean highlighted', () => {
  const page = renderSeedsReport(model);
  assert.match(page, /^<!doctype html>\n<html lang="en">/);
  const rows = [...page.matchAll(/<tr class="kind-(\w+)">(.*?)<\/tr>/g)];
  assert.deepEqual(rows.map((m) => m[1]), ['bestSingle', 'uniformAll', 'searchAll', 'soce']);
  const cells = (i: number) => [...rows[i]![2]!.matchAll(/<td class="([^"]*)">([^<]*)<\/td>/g)].map((m) => ({ cls: m[1]!, text: m[2]! }));
  // test mean ± sd, the three seeds, dev mean ± sd, SoCE better on test
  assert.deepEqual(cells(0).map((c) => c.text), ['505.0 ± 5.0', '500.0', '510.0', '505.0', '506.0 ± 5.0', '3 of 3']);
  assert.equal(cells(1).at(-1)!.text, '2 of 3 (1 tied)');
  assert.equal(cells(3).at(-1)!.text, '', 'no wins against itself');
  assert.equal(cells(3)[0]!.text, '527.0 ± 10.8');
  assert.ok(cells(2)[0]!.cls.includes('best') && !cells(3)[0]!.cls.includes('best'), 'the highest mean, whichever row has it');
  assert.ok(page.includes('<th class="num">seed 7</th>'));
});

test('the seeds report lists each seed’s choice, links its report, escapes every name and runs no script', () => {
  const page = renderSeedsReport(model);
  for (const seed of model.seeds) assert.ok(page.includes(`<a href="seed-${seed}/report.html">`), `seed ${seed}'s report linked`);
  assert.match(page, /rotated, inverted <span class="muted">\(2 of 4\)<\/span>/);
  assert.match(page, /rot-expert, inv-expert <span class="muted">\(2 of 5\)<\/span>/);
  assert.ok(page.includes('same search over all &lt;candidates&gt;') && !page.includes('<candidates>'));
  assert.doesNotMatch(page, /<script\b|<svg\b/i);
  assert.doesNotMatch(page, /Vega-Lite/, 'no chart to credit');
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
});
