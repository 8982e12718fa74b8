import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AnalysisOptionsError } from './analysis_options_error.ts';
import { analyze } from './analyze.ts';
import { parseScoreTableCsv } from './score_table_csv.ts';
import { DEFAULT_CLUSTER_TAU, DEFAULT_SWEEP, DEFAULT_TAU } from './tau.ts';

const text = readFileSync(new URL('../../../examples/bfcl/bfcl-v3-2025-04-30.csv', import.meta.url), 'utf8');
const TOP = ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection'];
const table = parseScoreTableCsv(text, 'bfcl-v3.csv', { categories: TOP });
const XLAM = 'xLAM-2-8b-fc-r (FC)';
const TOOLACE = 'ToolACE-2-8B (FC)';
const WATT = 'watt-tool-8B (FC)';
const EIGHT_B = [XLAM, TOOLACE, WATT, 'BitAgent-8B', 'CoALM-8B'];

test("the paper's BFCL 8B setting: τ = 0.2 over the whole leaderboard picks xLAM, ToolACE and watt", () => {
  const result = analyze(table, { tau: 0.2, candidates: EIGHT_B, population: 'all', mode: 'paper' });
  assert.deepEqual(result.categories, TOP);
  assert.equal(result.population.length, 121);
  assert.deepEqual(result.weak, TOP);
  assert.deepEqual(
    result.weakPairs.map((p) => p.categories),
    [
      ['Non-Live AST Acc', 'Irrelevance Detection'],
      ['Live Acc', 'Relevance Detection'],
      ['Multi Turn Acc', 'Relevance Detection'],
    ],
  );
  assert.deepEqual(result.experts, [
    { model: TOOLACE, categories: ['Non-Live AST Acc', 'Live Acc', 'Irrelevance Detection'] },
    { model: XLAM, categories: ['Multi Turn Acc'] },
    // watt, BitAgent and CoALM tie at 83.33 on Relevance; watt has the best mean.
    { model: WATT, categories: ['Relevance Detection'] },
  ]);
  assert.equal(result.clusters, null);
  assert.deepEqual(result.tauSweep.map((p) => p.tau), DEFAULT_SWEEP);
  assert.deepEqual(result.tauSweep.find((p) => p.tau === 0.2)?.experts, [TOOLACE, XLAM, WATT]);
  assert.deepEqual(JSON.parse(JSON.stringify(result)), result, 'plain JSON data');
});

test('defaults: Pearson, τ = DEFAULT_TAU, paper mode, every model a candidate', () => {
  const result = analyze(table);
  assert.equal(result.method, 'pearson');
  assert.equal(result.tau, DEFAULT_TAU);
  assert.equal(result.mode, 'paper');
  assert.equal(result.candidates.length, 121);
});

test('cluster mode defaults to its own τ: categories join while their |ρ| stays above it', () => {
  assert.equal(analyze(table, { mode: 'cluster' }).tau, DEFAULT_CLUSTER_TAU);
  assert.equal(analyze(table, { mode: 'cluster', tau: 0.3 }).tau, 0.3);
});

test('population "candidates" correlates over the candidates only, and reports undefined pairs', () => {
  const result = analyze(table, { candidates: [XLAM, TOOLACE], population: 'candidates' });
  assert.deepEqual(result.population, [XLAM, TOOLACE]);
  assert.equal(result.correlation[0]?.[1], null);
  assert.equal(result.undefinedCorrelations.length, 10);
  assert.match(result.undefinedCorrelations[0]?.explanation ?? '', /only 2 models with both scores \(needs 3\)/);
  assert.deepEqual(result.weak, []);
  assert.deepEqual(result.experts, []);
});

test('cluster mode: one expert per cluster', () => {
  const result = analyze(table, { tau: 0.45, candidates: EIGHT_B, mode: 'cluster' });
  assert.deepEqual(result.clusters?.map((c) => c.categories), [['Non-Live AST Acc', 'Relevance Detection'], ['Live Acc', 'Irrelevance Detection'], ['Multi Turn Acc']]);
  assert.equal(result.experts.length, 3);
  assert.deepEqual(result.tauSweep.find((p) => p.tau === 0.45)?.clusters, result.clusters?.map((c) => c.categories));
});

test('bad options are AnalysisOptionsErrors that say how to fix them', () => {
  assert.throws(() => analyze(table, { candidates: ['xLAM-2-8b-fc-r'] }), (e: unknown) => e instanceof AnalysisOptionsError && /"xLAM-2-8b-fc-r" is not a model of bfcl-v3\.csv; did you mean "xLAM-2-8b-fc-r \(FC\)"/.test(e.message));
  assert.throws(() => analyze(table, { tau: 2 }), /tau must be a number between 0 and 1/);
  assert.throws(() => analyze(table, { mode: 'clusters' as 'cluster' }), /option mode: /);
  assert.throws(() => analyze(table, { maxExperts: 0 }), /maxExperts must be a whole number of at least 1/);
});
