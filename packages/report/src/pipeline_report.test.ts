// A report from a real pipeline run (real merges in memory, a real search, Shapley values), as an
// SDK or Deno user makes it: runPipeline, then renderReport. Runs under Node and Deno, so it also
// shows that Vega renders the charts to SVG under Deno.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLValidator } from 'fast-xml-parser';
import { runPipeline, type ReportModel } from '@soce/core';
import { memoryJournalStore } from '@soce/search';
import { ScoreTable } from '@soce/stats';
import { createCpuBackend, loadTensors, MemoryFileSystem, saveCheckpoint } from '@soce/tensors';
import { renderReport } from './render_report.ts';

const NAMES = ['a', 'b', 'c'];
const CATEGORIES = ['alpha', 'beta', 'gamma'];

/** Candidate j's tensor `w` is the j-th corner of the simplex, so a soup's `w` is its weights. */
async function pipelineReport(): Promise<ReportModel> {
  const fs = new MemoryFileSystem();
  for (const [j, name] of NAMES.entries()) {
    const corner = new Float32Array(NAMES.map((_, i) => (i === j ? 1 : 0)));
    await saveCheckpoint(fs, `/models/${name}`, [{ name: 'w', dtype: 'F32', shape: [3], data: new Uint8Array(corner.buffer) }], { config: { model_type: 'toy' } });
  }
  const target = [0.5, 0.3, 0.2];
  const evaluate = async (dir: string) => {
    const w = new Float32Array((await loadTensors(fs, dir)).get('w')!.data.slice().buffer);
    return Object.fromEntries(CATEGORIES.map((c, i) => [c, 100 - 100 * (w[i]! - target[i]!) ** 2 - 10 * w[(i + 1) % 3]!]));
  };
  // a, b and c are the experts of alpha, beta and gamma; alpha and gamma correlate negatively.
  const scores = ScoreTable.create({
    source: 'toy.csv',
    models: ['a', 'b', 'c', 'p1', 'p2', 'p3', 'p4', 'p5'],
    categories: CATEGORIES,
    scores: [[90, 60, 55], [62, 88, 58], [60, 57, 86], [50, 65, 70], [80, 45, 42], [55, 72, 75], [66, 50, 52], [45, 58, 66]],
  });
  const result = await runPipeline(
    { fs, out: '/run', candidates: Object.fromEntries(NAMES.map((n) => [n, `/models/${n}`])), backend: createCpuBackend(), evaluate, openJournal: () => memoryJournalStore() },
    { title: 'A toy run', scores, analysis: { tau: 0.3 }, search: { strategy: 'grid', step: 0.1 }, shapley: { seed: 1 }, createdAt: '2025-11-20T00:00:00.000Z' },
  );
  return result.report;
}

const figures = (page: string): Map<string, string> =>
  new Map([...page.matchAll(/<figure class="chart" data-chart="([^"]+)"[^>]*>(<svg\b[\s\S]*?<\/svg>)/g)].map((m) => [m[1]!, m[2]!]));
const marks = (svg: string, role: string): number => svg.split(`aria-roledescription="${role}"`).length - 1;
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

test('a pipeline run renders to a report whose every chart is an SVG drawn from the run\'s numbers', async () => {
  const model = await pipelineReport();
  const page = await renderReport(model);
  const charts = figures(page);
  assert.deepEqual([...charts.keys()], ['correlation', 'consistency-before', 'consistency-after', 'tau-sweep', 'search-trace', 'weights', 'shapley']);
  for (const [name, svg] of charts) assert.equal(XMLValidator.validate(svg), true, `${name} is well-formed SVG`);

  const analysis = model.analysis!;
  const heatmap = charts.get('correlation')!;
  const cells = CATEGORIES.length ** 2;
  assert.ok(analysis.weakPairs.length > 0, 'the toy table has weak pairs at τ = 0.3');
  assert.equal(marks(heatmap, 'rect mark'), cells + 2 * analysis.weakPairs.length, 'one cell per pair, and the weak pairs outlined');
  for (const c of CATEGORIES) assert.ok(texts(heatmap).includes(c), `heatmap labels ${c}`);

  const best = model.search!.best.weights;
  const weights = charts.get('weights')!;
  assert.equal(marks(weights, 'bar'), Object.keys(best).length, 'a bar per expert');
  for (const w of Object.values(best)) assert.ok(texts(weights).includes(w.toFixed(2)), `the weight ${w} is printed`);

  const trace = charts.get('search-trace')!;
  assert.equal(marks(trace, 'point'), model.search!.trace.length, 'a point per evaluation');

  const shapley = charts.get('shapley')!;
  assert.equal(marks(shapley, 'bar'), NAMES.length, 'a bar per candidate');

  // One minus sign on the whole page: the charts' U+2212, never an ASCII hyphen before a digit.
  const numbers = [...charts.values()].flatMap(texts);
  assert.deepEqual(numbers.filter((t) => /(^|[\s(])-\d/.test(t)), []);
});
