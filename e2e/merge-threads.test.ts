// The installed `soce` sizes Node's I/O thread pool before Node starts it, and the CPU backend
// computes on the cores that pool leaves: what bin/soce.cjs does, checked against the one rule
// (@soce/tensors' thread_split.ts) through the built CLI's own report.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { defaultComputeThreads, defaultIoThreads, saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'packages/cli/bin/soce.cjs');
const work = mkdtempSync(join(tmpdir(), 'soce-threads-e2e-'));
after(() => rmSync(work, { recursive: true, force: true }));

const f32 = (values: number[]): Uint8Array => new Uint8Array(new Float32Array(values).buffer);

/** Runs `soce merge --backend cpu --format json` with `env` added; returns its threads. */
async function mergeThreads(name: string, env: Record<string, string | undefined>): Promise<{ threads: number; ioThreads: number }> {
  const models = ['a', 'b'].map((m) => join(work, `${name}-${m}`));
  for (const [k, model] of models.entries()) await saveCheckpoint(nodeFileSystem, model, [{ name: 'w', dtype: 'F32', shape: [2], data: f32([k, k + 1]) }]);
  const childEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  const { stdout } = await run(process.execPath, [cli, 'merge', '--backend', 'cpu', '--format', 'json', '--out', join(work, `${name}-soup`), '--model', `${models[0]}:0.5`, '--model', `${models[1]}:0.5`], { env: childEnv });
  const summary = JSON.parse(stdout) as { threads: number; ioThreads: number; backend: string };
  assert.equal(summary.backend, 'cpu');
  return { threads: summary.threads, ioThreads: summary.ioThreads };
}

test('soce gives file I/O half the cores (1 to 4) and the arithmetic the rest, unless UV_THREADPOOL_SIZE says otherwise', async () => {
  const cores = availableParallelism();
  const io = defaultIoThreads(cores);
  assert.deepEqual(await mergeThreads('default', { UV_THREADPOOL_SIZE: undefined }), { threads: defaultComputeThreads(cores, io), ioThreads: io });
  assert.deepEqual(await mergeThreads('user-pool', { UV_THREADPOOL_SIZE: '3' }), { threads: defaultComputeThreads(cores, 3), ioThreads: 3 });
});
