// @soce/core and @soce/core/node from their npm tarball: a soce.yaml validated, a benchmark
// command run on a checkpoint through nodeProcessRunner, and the whole pipeline on toy checkpoints.
import { createCommandEvaluator, parseRunConfig, runPipeline } from '@soce/core';
import { nodeProcessRunner } from '@soce/core/node';
import { memoryJournalStore } from '@soce/search';
import { createCpuBackend, loadTensors, MemoryFileSystem, saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';

const config = parseRunConfig('candidates: { a: ./a, b: ./b }\nexperts: [a, b]\nevaluator: { command: [node, eval.mjs, "{model}", "{out}"] }\nout: run\n', 'soce.yaml');

// A benchmark command that prints its scores as the last JSON object on stdout.
const command = createCommandEvaluator({
  argv: [process.execPath, '-e', 'console.log("loading…"); console.log(JSON.stringify({ live: 71.5, pathLength: process.argv[1].length }))', '{model}'],
  timeoutSeconds: 60,
  retries: 0,
  format: 'json',
  runner: nodeProcessRunner,
  fs: nodeFileSystem,
  workDir: 'evaluations',
});
let commandScores;
try {
  commandScores = await command('some/soup', { a: 0.5, b: 0.5 });
} catch (error) {
  commandScores = { error: String(error) };
}

// The pipeline in memory: candidates are corners of the simplex, so a soup's tensor is its weights.
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
const result = await runPipeline(
  {
    fs,
    out: '/run',
    candidates: Object.fromEntries(names.map((name) => [name, `/models/${name}`])),
    backend: createCpuBackend(),
    evaluate,
    openJournal: () => memoryJournalStore(),
  },
  { experts: names, search: { strategy: 'grid' } },
);
console.log(JSON.stringify({
  config: { mode: config.mode, strategy: config.search.strategy, format: config.evaluator.format },
  commandScores,
  best: result.search.best?.point.key,
  soup: result.soup.out,
  reportCandidates: result.report.candidates,
}));
