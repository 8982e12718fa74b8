import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryJournalStore, type MemoryJournalStore } from '@soce/search';
import { createCpuBackend, loadTensors, MemoryFileSystem, saveCheckpoint } from '@soce/tensors';
import { CategoryMismatchError } from './category_check.ts';
import { ConsecutiveFailuresError } from './consecutive_failures_error.ts';
import { dryRun } from './dry_run.ts';
import { EvaluationError } from './evaluation_error.ts';
import type { CheckpointEvaluator } from './evaluator.ts';
import { RUN_FILES, type PipelineContext } from './pipeline_context.ts';
import { runPipeline } from './run_pipeline.ts';

const NAMES = ['a', 'b', 'c'];

/**
 * Three corner checkpoints in memory; the evaluator reads each soup and scores it, or fails when
 * `outcomes` says so for that call (by call number, from 1), with a log as the command evaluator
 * attaches one.
 */
async function world(outcomes: (call: number) => 'ok' | 'fail' = () => 'ok', categories = ['alpha', 'beta', 'gamma']) {
  const fs = new MemoryFileSystem();
  for (const [j, name] of NAMES.entries()) {
    const corner = new Float32Array(NAMES.map((_, i) => (i === j ? 1 : 0)));
    await saveCheckpoint(fs, `/models/${name}`, [{ name: 'w', dtype: 'F32', shape: [3], data: new Uint8Array(corner.buffer) }]);
  }
  let calls = 0;
  const evaluate: CheckpointEvaluator = async (dir) => {
    calls += 1;
    const w = new Float32Array((await loadTensors(fs, dir)).get('w')!.data.slice().buffer);
    if (outcomes(calls) === 'fail') {
      throw new EvaluationError(`the evaluator command exited with 1: call ${calls} (log: /run/call-${calls}.log)`, {
        path: `/run/call-${calls}.log`,
        tail: `# attempt 1\n## stderr\nTraceback (most recent call last):\nRuntimeError: CUDA error in call ${calls}`,
      });
    }
    return Object.fromEntries(categories.map((c, i) => [c, 100 - 100 * (w[i]! - [0.5, 0.3, 0.2][i]!) ** 2]));
  };
  const journals = new Map<string, MemoryJournalStore>();
  const context: PipelineContext = {
    fs,
    out: '/run',
    candidates: Object.fromEntries(NAMES.map((n) => [n, `/models/${n}`])),
    backend: createCpuBackend(),
    evaluate,
    openJournal: (path) => {
      const store = journals.get(path) ?? memoryJournalStore('', path);
      journals.set(path, store);
      return store;
    },
  };
  const records = async (name: string): Promise<{ type: string }[]> => {
    const store = journals.get(`/run/${name}`);
    return store === undefined ? [] : (await store.readAll()).trim().split('\n').slice(1).map((line) => JSON.parse(line));
  };
  return { context, calls: () => calls, records };
}

const GRID = { strategy: 'grid', step: 0.1 } as const;

test('failures in a row stop the run at the limit; a scored evaluation restarts the count; the last log is quoted', async () => {
  // fail, fail, ok, then failures only: the run stops at call 6, the third failure in a row.
  const { context, calls, records } = await world((call) => (call === 3 ? 'ok' : 'fail'));
  let stopped: ConsecutiveFailuresError | undefined;
  await assert.rejects(runPipeline(context, { experts: NAMES, search: GRID }), (error: unknown) => {
    assert.ok(error instanceof ConsecutiveFailuresError, String(error));
    stopped = error;
    return true;
  });
  assert.equal(calls(), 6);
  assert.equal(stopped!.failures, 3);
  assert.equal(stopped!.kind, 'runtime');
  assert.match(stopped!.message, /^3 evaluations failed in a row \(maxConsecutiveFailures: 3\)/);
  assert.match(stopped!.message, /exited with 1: call 6/);
  assert.match(stopped!.message, /its log \(\/run\/call-6\.log\) ends:\n  \| # attempt 1\n  \| ## stderr\n  \| Traceback \(most recent call last\):\n  \| RuntimeError: CUDA error in call 6\n/);
  assert.deepEqual((await records(RUN_FILES.searchJournal)).map((r) => r.type), ['failure', 'failure', 'result', 'failure', 'failure', 'failure']);
});

test('maxConsecutiveFailures sets the limit: 1 stops at the first failure', async () => {
  const { context, calls } = await world(() => 'fail');
  await assert.rejects(runPipeline(context, { experts: NAMES, search: GRID, maxConsecutiveFailures: 1 }), ConsecutiveFailuresError);
  assert.equal(calls(), 1);
});

test('the first evaluation must cover the expected categories (names, globs): a mismatch names missing and extra ones and is not journaled', async () => {
  const { context, calls, records } = await world(() => 'ok', ['alpha', 'beta', 'gamma']);
  let mismatch: CategoryMismatchError | undefined;
  await assert.rejects(runPipeline(context, { experts: NAMES, search: GRID, categories: ['al*', 'delta', '/^gam/'] }), (error: unknown) => {
    assert.ok(error instanceof CategoryMismatchError, String(error));
    mismatch = error;
    return true;
  });
  assert.equal(calls(), 1);
  assert.equal(mismatch!.kind, 'input');
  assert.deepEqual(mismatch!.missing, ['delta']);
  assert.deepEqual(mismatch!.extra, ['beta']);
  assert.deepEqual(await records(RUN_FILES.searchJournal), [], 'nothing journaled');

  const fine = await world(() => 'ok');
  const result = await runPipeline(fine.context, { experts: NAMES, search: GRID, categories: ['alpha', 'beta', 'gamma'] });
  assert.equal(result.search.best?.point.key, '5,3,2/10');
});

test('a dry run evaluates once, plans the phases, and the run after it reuses its evaluation', async () => {
  const { context, calls } = await world();
  const dry = await dryRun(context, { experts: NAMES, search: GRID, categories: ['alpha', 'beta', 'gamma'] });
  assert.equal(calls(), 1);
  assert.deepEqual(dry.plan.experts, NAMES);
  assert.deepEqual(dry.plan.phases.map((p) => [p.phase, p.points]), [['search', 37], ['comparison', 5], ['soup', 0]]);
  assert.equal(dry.plan.soupBytes, 12);
  assert.equal(dry.probe.cached, false);
  assert.deepEqual(Object.keys(dry.probe.scores), ['alpha', 'beta', 'gamma']);
  const result = await runPipeline(context, { experts: NAMES, search: GRID });
  assert.equal(result.search.fresh, 36, 'the probe is reused');
  assert.equal(calls(), 1 + 36 + 3);
});

test('a dry run with the default strategy plans the grid alone; coordinate ascent has no fixed count without a budget', async () => {
  const { context } = await world();
  const grid = await dryRun(context, { experts: NAMES });
  assert.deepEqual(grid.plan.phases[0], { phase: 'search', points: 37, note: 'grid of 37 points' });
  const coordinate = await world();
  const ascent = await dryRun(coordinate.context, { experts: NAMES, search: { strategy: 'coordinate' } });
  assert.equal(ascent.plan.phases[0]?.points, null);
  assert.equal(coordinate.calls(), 1);
});
