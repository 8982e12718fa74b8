import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SUMMARY_ROWS, summarizeSeeds, type DemoAnalysis, type DemoTable, type DemoTableEntry } from '@soce/mnist-demo';
import { formatDemoAnalysis, formatDemoTable, formatSeedSummary } from './demo_table.ts';

const CATEGORIES = ['clean', 'rotated'];

function entry(name: string, weights: Record<string, number>, test: number): DemoTableEntry {
  return { name, weights, dev: test + 1, test, categories: { dev: { clean: test / 2 + 1, rotated: test / 2 }, test: { clean: test / 2, rotated: test / 2 } } };
}

function table(soce: number): DemoTable {
  return {
    candidates: [entry('a', { a: 1 }, 150), entry('b', { b: 1 }, 140), entry('c', { c: 1 }, 100)],
    bestSingle: entry('best single: a', { a: 1 }, 150),
    uniformAll: entry('uniform soup of all candidates', { a: 1 / 3, b: 1 / 3, c: 1 / 3 }, 130),
    uniformExperts: entry('uniform soup of the experts', { a: 0.5, b: 0.5 }, 155),
    searchAll: entry('search over all candidates', { a: 0.5, b: 0.4, c: 0.1 }, 152),
    soce: entry('SoCE', { a: 0.3, b: 0.7 }, soce),
  };
}

const analysis: DemoAnalysis = { categories: CATEGORIES, weak: ['rotated', 'clean'], tau: 0.25, experts: [{ model: 'b', categories: ['rotated'] }, { model: 'a', categories: ['clean'] }] };

test('the single-seed table has every row, the ablation and its weights included', () => {
  const text = formatDemoTable(table(160), CATEGORIES);
  assert.match(text, /^same search, all candidates +76\.0 +76\.0 +152\.0 +153\.0$/m);
  assert.match(text, /^SoCE +80\.0 +80\.0 +160\.0 +161\.0$/m);
  assert.match(text, /^same search over all candidates: a 0\.50, b 0\.40, c 0\.10$/m);
  assert.match(text, /^SoCE weights: b 0\.70, a 0\.30$/m);
  assert.match(formatDemoAnalysis(analysis, 3), /^weak categories at τ = 0\.25: rotated, clean \(2 of 2\)\nexperts: b \(rotated\); a \(clean\) \(2 of 3 candidates\)\n$/);
});

test('the multi-seed table: mean ± sd of every row and on how many seeds SoCE is better, then each seed\'s choice', () => {
  const summary = summarizeSeeds([1, 2, 3].map((seed, i) => ({ seed, table: table([160, 150, 154][i]!), analysis })));
  const text = formatSeedSummary(summary);
  const line = (label: string) => text.split('\n').find((l) => l.startsWith(label)) ?? '';
  assert.match(line('SoCE'), /154\.7 ± 5\.0 +155\.7 ± 5\.0 *$/);
  assert.match(line('best single'), /150\.0 ± 0\.0 +151\.0 ± 0\.0 +2 of 3 \(1 tied\)$/);
  assert.match(line('same search over all'), /152\.0 ± 0\.0 .* 2 of 3$/);
  assert.match(line('uniform soup of all'), / 3 of 3$/);
  for (const row of summary.rows) assert.equal(text.split('\n').filter((l) => l.startsWith(`${row.label} `)).length, 1, row.label);
  assert.equal(summary.rows.length, SUMMARY_ROWS.length);
  assert.match(text, /^seed 2: weak rotated, clean; experts b, a$/m);
});
