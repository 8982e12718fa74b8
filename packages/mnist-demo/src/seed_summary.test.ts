import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DemoAnalysis, DemoTable, DemoTableEntry } from './demo_pipeline.ts';
import { MnistDemoError } from './errors.ts';
import { SUMMARY_ROWS, summarizeSeeds, type SeedOutcome } from './seed_summary.ts';

function entry(name: string, test: number, dev: number): DemoTableEntry {
  return { name, weights: { [name]: 1 }, dev, test, categories: { dev: { clean: dev }, test: { clean: test } } };
}

/** A seed whose rows have these test totals (dev = test + 1). */
function outcome(seed: number, tests: Record<(typeof SUMMARY_ROWS)[number], number>): SeedOutcome {
  const row = (r: (typeof SUMMARY_ROWS)[number]) => entry(r, tests[r], tests[r] + 1);
  const table: DemoTable = {
    candidates: [row('bestSingle')],
    bestSingle: row('bestSingle'),
    uniformAll: row('uniformAll'),
    uniformExperts: row('uniformExperts'),
    searchAll: row('searchAll'),
    soce: row('soce'),
  };
  const analysis: DemoAnalysis = { categories: ['clean', 'rotated'], weak: ['rotated'], tau: 0.2, experts: [{ model: 'a', categories: ['rotated'] }] };
  return { seed, table, analysis };
}

test('summarizeSeeds: mean and sample sd of every row, and on how many seeds SoCE wins, ties and loses', () => {
  const summary = summarizeSeeds([
    outcome(1, { bestSingle: 400, uniformAll: 380, uniformExperts: 410, searchAll: 405, soce: 410 }),
    outcome(2, { bestSingle: 402, uniformAll: 390, uniformExperts: 400, searchAll: 420, soce: 408 }),
    outcome(7, { bestSingle: 398, uniformAll: 370, uniformExperts: 404, searchAll: 401, soce: 412 }),
  ]);
  assert.deepEqual(summary.seeds, [1, 2, 7]);
  assert.deepEqual(summary.rows.map((r) => r.row), [...SUMMARY_ROWS]);
  const row = (name: string) => summary.rows.find((r) => r.row === name)!;
  assert.deepEqual(row('uniformAll').test.values, [380, 390, 370]);
  assert.equal(row('uniformAll').test.mean, 380);
  assert.equal(row('uniformAll').test.sd, 10, 'sample sd: √((0 + 100 + 100) / 2)');
  assert.equal(row('uniformAll').dev.mean, 381);
  assert.equal(row('soce').test.mean, 410);
  assert.equal(row('soce').test.sd, 2);
  assert.equal(row('soce').soceVersus, undefined);
  assert.deepEqual(row('bestSingle').soceVersus, { wins: 3, ties: 0, losses: 0 });
  assert.deepEqual(row('uniformExperts').soceVersus, { wins: 2, ties: 1, losses: 0 });
  assert.deepEqual(row('searchAll').soceVersus, { wins: 2, ties: 0, losses: 1 });
  assert.equal(summary.seedAnalysis.length, 3);
  assert.match(row('searchAll').label, /search over all candidates/);
});

test('summarizeSeeds refuses one seed or a seed twice: a spread needs two runs', () => {
  const one = outcome(1, { bestSingle: 1, uniformAll: 1, uniformExperts: 1, searchAll: 1, soce: 1 });
  assert.throws(() => summarizeSeeds([one]), (e: unknown) => e instanceof MnistDemoError && /two or more distinct seeds/.test(e.message));
  assert.throws(() => summarizeSeeds([one, one]), MnistDemoError);
});
