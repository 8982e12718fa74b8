// @soce/report from its npm tarball: a pipeline run in memory, its report rendered to HTML with
// every chart as inline SVG, and the heatmap `soce analyze` writes, with plain node.
import { runPipeline } from '@soce/core';
import { correlationHeatmapSvg, renderReport } from '@soce/report';
import { memoryJournalStore } from '@soce/search';
import { ScoreTable } from '@soce/stats';
import { createCpuBackend, loadTensors, MemoryFileSystem, saveCheckpoint } from '@soce/tensors';

const fs = new MemoryFileSystem();
const names = ['math', 'code', 'chat'];
for (const [j, name] of names.entries()) {
  const corner = new Float32Array(names.map((_, i) => (i === j ? 1 : 0)));
  await saveCheckpoint(fs, `/models/${name}`, [{ name: 'w', dtype: 'F32', shape: [3], data: new Uint8Array(corner.buffer) }]);
}
const target = [0.5, 0.3, 0.2];
const evaluate = async (soupDir) => {
  const w = new Float32Array((await loadTensors(fs, soupDir)).get('w').data.slice().buffer);
  return Object.fromEntries(names.map((category, i) => [category, 100 - 100 * (w[i] - target[i]) ** 2]));
};
const scores = ScoreTable.create({
  source: 'toy.csv',
  models: ['math', 'code', 'chat', 'p1', 'p2'],
  categories: names,
  scores: [[90, 60, 55], [62, 88, 58], [60, 57, 86], [50, 65, 70], [80, 45, 42]],
});
const result = await runPipeline(
  { fs, out: '/run', candidates: Object.fromEntries(names.map((n) => [n, `/models/${n}`])), backend: createCpuBackend(), evaluate, openJournal: () => memoryJournalStore() },
  { scores, analysis: { tau: 0.3 }, experts: names, search: { strategy: 'grid' } },
);
const page = await renderReport(result.report);
const charts = [...page.matchAll(/data-chart="([^"]+)"[^>]*><svg\b/g)].map((m) => m[1]);
const analysis = result.analysis.analysis;
const heatmap = await correlationHeatmapSvg({ categories: analysis.categories, r: analysis.correlation });
console.log(JSON.stringify({ charts, svgs: page.split('<svg').length - 1, heatmapIsSvg: heatmap.startsWith('<svg ') }));
