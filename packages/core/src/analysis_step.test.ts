import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScoreTableCsv, type ScoreTable } from '@soce/stats';
import { analyzeScores } from './analysis_step.ts';

const V3 = new URL('../../../examples/bfcl/bfcl-v3-2025-04-30.csv', import.meta.url);
const TOP = ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection'];
const XLAM = 'xLAM-2-8b-fc-r (FC)';
const TOOLACE = 'ToolACE-2-8B (FC)';
const WATT = 'watt-tool-8B (FC)';
/** The paper's BFCL 8B candidates (its Table 1), as the v3 leaderboard names them. */
const EIGHT_B = [XLAM, TOOLACE, WATT, 'BitAgent-8B', 'CoALM-8B'];

/** Reads a file with the API of the runtime the tests run under. */
async function readText(url: URL): Promise<string> {
  if ('Deno' in globalThis) return (globalThis as unknown as { Deno: { readTextFile(path: URL): Promise<string> } }).Deno.readTextFile(url);
  const { readFile } = await import('node:fs/promises');
  return readFile(url, 'utf8');
}

let table: ScoreTable;
before(async () => {
  table = parseScoreTableCsv(await readText(V3), 'bfcl-v3-2025-04-30.csv', { categories: TOP });
});

test("the real BFCL v3 table, the paper's 8B candidates, τ = 0.2: the paper's experts xLAM, ToolACE and watt", () => {
  const outcome = analyzeScores(table, { candidates: EIGHT_B, tau: 0.2, population: 'all', mode: 'paper' });
  assert.deepEqual(outcome.experts, [TOOLACE, XLAM, WATT]);
  assert.deepEqual(outcome.experts, outcome.analysis.experts.map((e) => e.model), 'the experts in the analysis order');
  const view = outcome.view;
  assert.deepEqual(view.experts, [
    { model: TOOLACE, categories: ['Non-Live AST Acc', 'Live Acc', 'Irrelevance Detection'] },
    { model: XLAM, categories: ['Multi Turn Acc'] },
    { model: WATT, categories: ['Relevance Detection'] },
  ]);
  assert.deepEqual(view.weak, TOP);
  assert.equal(view.tau, 0.2);
  assert.equal(view.mode, 'paper');
  assert.equal(view.method, 'pearson');
  assert.equal('clusters' in view, false, 'no clusters in paper mode');
  // The correlation is over the whole leaderboard, not the five candidates.
  assert.equal(view.populationSize, outcome.analysis.population.length);
  assert.ok(view.populationSize > 100);
  assert.deepEqual(view.correlation.categories, TOP);
  assert.deepEqual(view.correlation.r, outcome.analysis.correlation);
  assert.deepEqual(view.correlation.n[0], [120, 120, 120, 120, 120]);
  const at = view.tauSweep.find((row) => row.tau === 0.2);
  assert.deepEqual(at, { tau: 0.2, weakCount: 5, experts: [TOOLACE, XLAM, WATT] });
  assert.deepEqual(JSON.parse(JSON.stringify(view)), view, 'the view is plain JSON data');
});

test('cluster mode: the view lists the category clusters, one expert each', () => {
  const outcome = analyzeScores(table, { candidates: EIGHT_B, tau: 0.45, mode: 'cluster' });
  assert.deepEqual(outcome.view.clusters, [['Non-Live AST Acc', 'Relevance Detection'], ['Live Acc', 'Irrelevance Detection'], ['Multi Turn Acc']]);
  assert.equal(outcome.experts.length, 3);
  assert.equal(outcome.view.mode, 'cluster');
});

test('population "candidates" correlates over the candidates only', () => {
  const outcome = analyzeScores(table, { candidates: EIGHT_B, population: 'candidates' });
  assert.equal(outcome.view.populationSize, 5);
  assert.deepEqual(outcome.view.correlation.n[0], [5, 5, 5, 5, 5]);
});
