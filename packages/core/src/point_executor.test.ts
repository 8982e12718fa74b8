import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryJournalStore } from '@soce/search';
import { createCpuBackend, MemoryFileSystem, saveCheckpoint } from '@soce/tensors';
import type { PointExecutor, PointRequest } from './point_executor.ts';
import { runPipeline } from './run_pipeline.ts';

test('an executor in the context evaluates every point of the pipeline, dev and test, instead of the local merge and evaluator', async () => {
  const fs = new MemoryFileSystem();
  const names = ['math', 'code', 'chat'];
  for (const [j, name] of names.entries()) {
    const corner = new Float32Array(names.map((_, i) => (i === j ? 1 : 0)));
    await saveCheckpoint(fs, `/models/${name}`, [{ name: 'w', dtype: 'F32', shape: [3], data: new Uint8Array(corner.buffer) }]);
  }
  // Scores from the weights themselves, as a cluster's job would return them; best at .5/.3/.2.
  const target: Record<string, number> = { math: 0.5, code: 0.3, chat: 0.2 };
  const requests: PointRequest[] = [];
  const executor: PointExecutor = {
    kind: 'test',
    evaluate: async (request) => {
      requests.push(request);
      return Object.fromEntries(names.map((c) => [c, (request.split === 'dev' ? 100 : 50) - 100 * ((request.weights[c] ?? 0) - target[c]!) ** 2]));
    },
  };
  const local = (): Promise<never> => Promise.reject(new Error('the local evaluator must not run'));
  const backend = createCpuBackend();
  const result = await runPipeline(
    {
      fs,
      out: '/run',
      candidates: { math: '/models/math', code: '/models/code', chat: '/models/chat' },
      backend,
      evaluate: local,
      evaluateTest: local,
      executor,
      openJournal: () => memoryJournalStore(),
    },
    { experts: names, search: { strategy: 'grid' } },
  );
  assert.equal(result.search.best?.point.key, '5,3,2/10');
  assert.equal(result.search.history.filter((e) => e.status === 'failed').length, 0);
  const splits = new Set(requests.map((r) => r.split));
  assert.deepEqual([...splits].sort(), ['dev', 'test']);
  const soce = result.report.comparison?.rows.find((r) => r.kind === 'soce');
  assert.equal(soce?.test, 150, 'the test split was scored by the executor');
  // No soup was merged for an evaluation (the local path merges them under /run/soups): only the final soup.
  assert.equal((await fs.list('/run')).includes('soups'), false);
  assert.ok((await fs.list('/run')).includes('soup'));
});
