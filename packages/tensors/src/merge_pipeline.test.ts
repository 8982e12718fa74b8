import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import type { MergeBackend } from './backend.ts';
import { createCpuBackend, type CpuBackendOptions } from './cpu_backend.ts';
import { f32ToBf16, f32ToF16 } from './dtype.ts';
import type { FileSystem } from './file_system.ts';
import { MemoryFileSystem } from './memory_file_system.ts';
import { loadTensors } from './checkpoint.ts';
import { mergeCheckpoints } from './merge.ts';
import { MergeAbortedError } from './merge_error.ts';
import { runPipeline } from './merge_pipeline.ts';
import { denoFileSystem } from './runtime/deno/file_system.ts';
import { denoWorkers } from './runtime/deno/worker_runtime.ts';
import { nodeFileSystem } from './runtime/node/file_system.ts';
import { nodeWorkers } from './runtime/node/worker_runtime.ts';
import type { Tensor } from './safetensors_writer.ts';
import { saveCheckpoint } from './save_checkpoint.ts';
import { seededBf16 } from '../test-fixtures/seeded_bf16.ts';

const inDeno = 'Deno' in globalThis;
const workers = inDeno ? denoWorkers : nodeWorkers;
const diskFileSystem: FileSystem = inDeno ? denoFileSystem : nodeFileSystem;

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

test('the pipeline writes in step order, computes each step once it is read (several at once), with at most `slots` steps in flight', async () => {
  const writes: number[] = [];
  const read = new Set<number>();
  let open = 0;
  let most = 0;
  let computing = 0;
  let mostComputing = 0;
  const steps = Array.from({ length: 12 }, (_, k) => k);
  await runPipeline(steps, 4, {
    read: async (step) => {
      open += 1;
      most = Math.max(most, open);
      // Later reads finish first: order must come from the pipeline, not from timing.
      await new Promise((resolve) => setTimeout(resolve, (12 - step) % 4));
      read.add(step);
    },
    compute: async (step) => {
      assert.ok(read.has(step), `step ${step} is computed after it is read`);
      computing += 1;
      mostComputing = Math.max(mostComputing, computing);
      await new Promise((resolve) => setTimeout(resolve, step % 3 === 0 ? 5 : 1));
      computing -= 1;
    },
    write: async (step) => {
      writes.push(step);
      await tick();
      open -= 1;
    },
  });
  assert.deepEqual(writes, steps);
  assert.ok(most <= 4, `at most 4 steps in flight (saw ${most})`);
  assert.ok(most >= 3, `reads overlap computes and writes (saw ${most} in flight)`);
  assert.ok(mostComputing >= 2, `steps are computed concurrently (saw ${mostComputing} at once)`);
});

test('a failing stage stops the pipeline: no step starts after it, and the error comes once every stage in flight has settled', async () => {
  for (const failing of ['read', 'compute', 'write'] as const) {
    const started: number[] = [];
    let running = 0;
    const stage = (name: string) => async (step: number): Promise<void> => {
      running += 1;
      await tick();
      running -= 1;
      if (name === failing && step === 4) throw new Error(`${name} failed`);
    };
    await assert.rejects(runPipeline(Array.from({ length: 20 }, (_, k) => k), 3, {
      read: async (step) => {
        started.push(step);
        await stage('read')(step);
      },
      compute: stage('compute'),
      write: stage('write'),
    }), new RegExp(`${failing} failed`));
    assert.equal(running, 0, `nothing of the ${failing} failure still runs`);
    assert.ok(Math.max(...started) <= 4 + 3, `no step started long after the ${failing} failure (last ${Math.max(...started)})`);
  }
  await assert.rejects(runPipeline([1, 2, 3], 2, { read: async () => undefined, compute: async () => undefined, write: async () => undefined }, () => {
    throw new Error('stop');
  }), /stop/);
});

function f16(name: string, n: number, seed: number): Tensor {
  return { name, dtype: 'F16', shape: [n], data: new Uint8Array(new Uint16Array(n).map((_, i) => f32ToF16(Math.sin(i * seed))).buffer) };
}

/** Three models with tensors long enough to be split between threads, of odd lengths, in three dtypes. */
async function models(fs: FileSystem, root: string): Promise<string[]> {
  const paths = [0, 1, 2].map((m) => `${root}/m${m}`);
  for (const [m, path] of paths.entries()) {
    await saveCheckpoint(fs, path, [
      seededBf16('embed', [301, 499], m + 1),
      f16('norm', 70_001, m + 1),
      { name: 'scale', dtype: 'F32', shape: [33], data: new Uint8Array(new Float32Array(33).map((_, i) => i * (m + 1) + 0.1).buffer) },
      { name: 'ids', dtype: 'I64', shape: [5], data: new Uint8Array(new BigInt64Array([0n, 1n, 2n, 3n, 4n]).buffer) },
      seededBf16('head', [7, 3], m + 7),
    ]);
  }
  return paths;
}

const WEIGHTS = [0.5, 0.3, 0.2];

/** The soup's tensors (name, dtype, shape, bytes), merged with `options` and `chunkBytes`. */
async function soup(fs: FileSystem, inputs: readonly string[], out: string, options: CpuBackendOptions, chunkBytes: number, outDtype?: 'F32' | 'F16'): Promise<Tensor[]> {
  const backend = createCpuBackend(options);
  try {
    await mergeCheckpoints(fs, { models: inputs.map((model, i) => ({ model, weight: WEIGHTS[i]! })), out, backend, chunkBytes, outDtype });
  } finally {
    await backend.close();
  }
  return [...(await loadTensors(fs, out)).values()];
}

test('soups are bit-identical on 1, 2 and 4 threads (the calling thread and 0, 1 or 3 workers), whatever the chunk size and output dtype', async () => {
  const fs = new MemoryFileSystem();
  const inputs = await models(fs, 'in');
  for (const outDtype of [undefined, 'F32', 'F16'] as const) {
    const reference = await soup(fs, inputs, `ref-${outDtype}`, {}, 4 * 1024 * 1024, outDtype);
    // 262 150 bytes: chunks of 131 075 bf16 elements, split in up to 4 parts of multiples of 16
    // elements plus a tail; 4 095: chunks of an odd number of bytes, tails everywhere.
    for (const [threads, chunkBytes] of [[2, 262_150], [4, 262_150], [4, 4095]] as const) {
      const label = `${threads} threads, chunks of ${chunkBytes} bytes, out ${outDtype ?? 'as input'}`;
      assert.deepEqual(await soup(fs, inputs, `soup-${threads}-${chunkBytes}-${outDtype}`, { workers, threads }, chunkBytes, outDtype), reference, label);
    }
  }
});

test('a soup merged from real files with worker threads is the one merged in memory on the calling thread', async () => {
  const root = await mkdtemp(join(tmpdir(), 'soce-pipeline-'));
  try {
    const memory = new MemoryFileSystem();
    const expected = await soup(memory, await models(memory, 'in'), 'soup', {}, 4 * 1024 * 1024);
    assert.deepEqual(await soup(diskFileSystem, await models(diskFileSystem, root), `${root}/soup`, { workers, threads: 2 }, 140_000), expected);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('an aborted merge on worker threads stops, leaves nothing behind, and the backend still merges afterwards', async () => {
  const fs = new MemoryFileSystem();
  const inputs = await models(fs, 'in');
  const before = fs.paths();
  const backend: MergeBackend = createCpuBackend({ workers, threads: 2 });
  try {
    const controller = new AbortController();
    let chunks = 0;
    await assert.rejects(
      mergeCheckpoints(fs, { models: inputs.map((model, i) => ({ model, weight: WEIGHTS[i]! })), out: 'soup', backend, chunkBytes: 140_000, signal: controller.signal, onProgress: () => (++chunks === 3 ? controller.abort() : undefined) }),
      MergeAbortedError,
    );
    assert.deepEqual(fs.paths(), before);
    await mergeCheckpoints(fs, { models: inputs.map((model, i) => ({ model, weight: WEIGHTS[i]! })), out: 'soup', backend });
    assert.ok(fs.paths().includes('soup/model.safetensors'));
  } finally {
    await backend.close();
  }
});

/**
 * The script of a process that merges on worker threads, aborts a second merge midway, and then
 * (with `close`) closes the backend or (without) just ends: either way the process must exit by
 * itself. A Deno worker keeps its process alive until terminated, so under Deno it always closes.
 */
function childScript(close: boolean): string {
  const source = (file: string): string => JSON.stringify(new URL(file, import.meta.url).href);
  return `
import { createCpuBackend } from ${source('./cpu_backend.ts')};
import { MemoryFileSystem } from ${source('./memory_file_system.ts')};
import { mergeCheckpoints } from ${source('./merge.ts')};
import { saveCheckpoint } from ${source('./save_checkpoint.ts')};
import { ${inDeno ? 'denoWorkers as workers' : 'nodeWorkers as workers'} } from ${source(inDeno ? './runtime/deno/worker_runtime.ts' : './runtime/node/worker_runtime.ts')};
const fs = new MemoryFileSystem();
const data = new Uint8Array(2 * 1_500_000).map((_, i) => (i * 7) & 0x3f);
for (const m of ['a', 'b']) await saveCheckpoint(fs, m, [{ name: 'w', dtype: 'BF16', shape: [1_500_000], data }]);
const backend = createCpuBackend({ workers, threads: 3 });
const models = [{ model: 'a', weight: 0.5 }, { model: 'b', weight: 0.5 }];
// Chunks of 131 072 elements: three parts, two of them on the workers.
await mergeCheckpoints(fs, { models, out: 'first', backend, chunkBytes: 262_144 });
const controller = new AbortController();
let chunks = 0;
const aborted = await mergeCheckpoints(fs, { models, out: 'second', backend, chunkBytes: 262_144, signal: controller.signal, onProgress: () => (++chunks === 2 ? controller.abort() : undefined) }).then(() => 'finished', (error) => error.name);
console.log(aborted);
${close ? 'await backend.close();' : ''}
`;
}

/** Runs `script` in a child of this runtime; resolves with its exit code, output and duration, killing it after 60 s. */
function runChild(path: string): Promise<{ code: number | null; output: string; seconds: number }> {
  // Deno finds the package's npm dependencies through the workspace's deno.json, as `deno test` does.
  const args = inDeno ? ['run', '-A', '--no-check', '--config', new URL('../../../deno.json', import.meta.url).pathname, path] : ['--import', 'tsx', path];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Uint8Array) => (output += new TextDecoder().decode(chunk)));
    child.stderr.on('data', (chunk: Uint8Array) => (output += new TextDecoder().decode(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (performance.now() - started) / 1000 });
    });
  });
}

test('a process that merged on worker threads, and aborted a merge, exits by itself', async () => {
  const root = await mkdtemp(join(tmpdir(), 'soce-workers-exit-'));
  try {
    for (const close of inDeno ? [true] : [true, false]) {
      // .mts: a module wherever it is (tsx takes a .ts outside a package for CommonJS).
      const path = join(root, `child-${close}.${inDeno ? 'ts' : 'mts'}`);
      await writeFile(path, childScript(close));
      const { code, output, seconds } = await runChild(path);
      assert.equal(code, 0, `the child (${close ? 'closing' : 'not closing'} its backend) exited with ${code} after ${seconds.toFixed(1)} s:\n${output}`);
      assert.match(output, /MergeAbortedError/, 'the second merge was aborted midway');
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
