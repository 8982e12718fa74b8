/**
 * Benchmark (not a test): `mergeCheckpoints` on Llama-shaped bf16 checkpoints against the I/O floor
 * and a torch reference, all measured in the same run. By default the 3 × 1.7 GB case (16 layers,
 * hidden 2048, intermediate 5632, vocab 32000; weights .5/.3/.2), generated with a fixed seed.
 * Each repeat runs, each in a fresh child process (so peak RSS is its own):
 *  - the floor, two ways: `cat` (one process per input, all at once, the first writing the output
 *    file; coreutils copies that file inside the kernel, with copy_file_range) and `copy` (the same
 *    in Node, with soce's own file code and I/O pool size: each input read once in soce's chunks
 *    into user memory, the first model's pieces written out from there by soce's sink) — reading
 *    the inputs and writing a file of the soup's size, the least any merge must do;
 *  - soce's CPU backend with each `--threads` count and each `--io-threads` count (the size of
 *    libuv's pool, which does Node's file I/O: the soce command sets it to `defaultIoThreads` of the
 *    cores, Node's own default is 4), in a child started as `soce merge` starts (the pool sized so
 *    and V8's optimizing compiler off, see bin/soce.cjs; WebGPU too with --webgpu or a hardware
 *    adapter); and once under Deno (the repository's own, from npm), with Deno's file system and
 *    workers and its default threads;
 *  - the torch reference (torch_linear.py: what mergekit's `linear` does: safe_open, stack, f32
 *    weighted sum, cast to bf16), with the Python of --python, $SOCE_BENCH_PYTHON or .venv/bin/python.
 * Every soup is checked bit for bit: soce's with every thread count, and torch's, must hold the same
 * tensors (a digest of each tensor's name, dtype, shape and bytes).
 *
 * Before each timed run the inputs are read once more (untimed), so every run finds them in the page
 * cache: a host may page out what its guest has not touched for a while (this VM's DAMON pages out
 * memory idle for a minute, as the inputs are during the torch reference's run).
 * Each timed run first deletes the previous run's output: on a VM that hands freed memory back to
 * its host (virtio free page reporting), writing into new memory costs several times the system time
 * of writing into memory just freed, and would otherwise favour whichever run came first; and each
 * repeat starts with the next kind, so no kind always follows the same one. `--settle S`
 * waits S seconds after that deletion, to measure the other case (the memory gone back to the host).
 * Times cover the merge itself, not starting Node or Python. Prints, per run kind, the median wall
 * time of the repeats, GB/s ((input + output bytes) / s), % of the best floor's speed, peak RSS, and
 * median user and system CPU seconds. Targets (2 cores): soce ≥ 50% of the floor, ≥ 5× the torch
 * reference's speed, peak RSS < 400 MB.
 *
 *   node --conditions=@soce/source --import tsx tools/bench/merge/run.ts [--sizes 1.7GB,250MB,1GB]
 *     [--repeat 5] [--torch-repeat N] [--threads 1,2] [--io-threads 1,4] [--python PATH] [--dir DIR]
 *     [--settle S] [--webgpu]
 *   (npm run bench:merge; --torch-repeat runs the torch reference in the first N repeats only)
 *
 * --dir keeps the generated checkpoints there for the next run (otherwise a temporary directory,
 * deleted at the end).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_CHUNK_BYTES, defaultComputeThreads, defaultIoThreads, encodeSafetensorsHeader, formatByteSize, mergeCheckpoints, openCheckpoint, selectBackend, type BackendKind, type TensorLayout } from '@soce/tensors';
import { acquireGpu, libuvPoolSize, nodeFileSystem, nodeWorkers, probeGpu } from '@soce/tensors/node';
import { denoFileSystem, denoWorkers } from '@soce/tensors/deno';

const CHUNK = 16 * 1024 * 1024;
/** The Node floor's read size: soce's chunk (see merge.ts). */
const FLOOR_PIECE = DEFAULT_CHUNK_BYTES;
const WEIGHTS = [0.5, 0.3, 0.2];
const REPO = new URL('../../..', import.meta.url).pathname;
/** The Deno the repository installs (npm's `deno` package). */
const DENO = join(REPO, 'node_modules/.bin/deno');

interface Shape {
  readonly label: string;
  readonly hidden: number;
  readonly intermediate: number;
  readonly layers: number;
  readonly vocab: number;
  readonly kvHeads: number;
  readonly heads: number;
}

/** Llama-architecture shapes sized to about 1.7 GB, 250 MB and 1 GB in bf16. */
const SHAPES: readonly Shape[] = [
  { label: '1.7GB', hidden: 2048, intermediate: 5632, layers: 16, vocab: 32000, heads: 32, kvHeads: 4 },
  { label: '250MB', hidden: 768, intermediate: 2048, layers: 12, vocab: 32000, heads: 12, kvHeads: 4 },
  { label: '1GB', hidden: 1536, intermediate: 4096, layers: 16, vocab: 32000, heads: 12, kvHeads: 4 },
];

function llamaLayout(shape: Shape): TensorLayout[] {
  const { hidden: h, intermediate: i, vocab: v } = shape;
  const kv = (h / shape.heads) * shape.kvHeads;
  const tensors: TensorLayout[] = [{ name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [v, h] }];
  for (let l = 0; l < shape.layers; l++) {
    const p = `model.layers.${l}`;
    tensors.push(
      { name: `${p}.input_layernorm.weight`, dtype: 'BF16', shape: [h] },
      { name: `${p}.self_attn.q_proj.weight`, dtype: 'BF16', shape: [h, h] },
      { name: `${p}.self_attn.k_proj.weight`, dtype: 'BF16', shape: [kv, h] },
      { name: `${p}.self_attn.v_proj.weight`, dtype: 'BF16', shape: [kv, h] },
      { name: `${p}.self_attn.o_proj.weight`, dtype: 'BF16', shape: [h, h] },
      { name: `${p}.post_attention_layernorm.weight`, dtype: 'BF16', shape: [h] },
      { name: `${p}.mlp.gate_proj.weight`, dtype: 'BF16', shape: [i, h] },
      { name: `${p}.mlp.up_proj.weight`, dtype: 'BF16', shape: [i, h] },
      { name: `${p}.mlp.down_proj.weight`, dtype: 'BF16', shape: [h, i] },
    );
  }
  tensors.push({ name: 'model.norm.weight', dtype: 'BF16', shape: [h] }, { name: 'lm_head.weight', dtype: 'BF16', shape: [v, h] });
  return tensors;
}

const elements = (t: TensorLayout): number => t.shape.reduce((a, b) => a * b, 1);

/**
 * Writes one model as two shards and an index (unless `dir` already holds it: the marker records
 * the shape and seed); values are seeded bf16 of weight-like magnitude. Returns its tensor bytes.
 */
async function generateModel(dir: string, shape: Shape, seed: number): Promise<number> {
  const layout = llamaLayout(shape);
  const total = layout.reduce((sum, t) => sum + elements(t) * 2, 0);
  const marker = join(dir, 'bench-model.json');
  const identity = JSON.stringify({ shape, seed });
  if (existsSync(marker) && (await readFile(marker, 'utf8')) === identity) return total;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const half = Math.ceil(layout.length / 2);
  const shards = [layout.slice(0, half), layout.slice(half)];
  const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  let state = (seed * 0x9e3779b9) >>> 0 || 1;
  const words = new Uint32Array(CHUNK / 4);
  for (const [s, tensors] of shards.entries()) {
    const handle = await open(join(dir, names[s]!), 'w');
    await handle.write(encodeSafetensorsHeader(tensors, { format: 'pt' }));
    let remaining = tensors.reduce((sum, t) => sum + elements(t) * 2, 0);
    while (remaining > 0) {
      const n = Math.min(words.length, remaining / 4);
      for (let k = 0; k < n; k++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        // Two bf16 per word: random sign and mantissa, exponents around 2^-6 like trained weights.
        words[k] = (state & 0x807f807f) | 0x3c003c00;
      }
      await handle.write(new Uint8Array(words.buffer, 0, n * 4));
      remaining -= n * 4;
    }
    await handle.close();
  }
  const weightMap = Object.fromEntries(shards.flatMap((tensors, s) => tensors.map((t) => [t.name, names[s]!])));
  await writeFile(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }));
  await writeFile(join(dir, 'config.json'), JSON.stringify({ architectures: ['LlamaForCausalLM'], torch_dtype: 'bfloat16', tie_word_embeddings: false }));
  await writeFile(marker, identity);
  return total;
}

interface Measurement {
  readonly seconds: number;
  readonly user: number;
  readonly system: number;
  /** Peak RSS of the process doing the work; undefined for `cat` (a few MB). */
  readonly maxRssBytes: number | undefined;
  readonly bytesMoved: number;
}

/** What a child is told: the run kind, what to delete before the clock starts, and the rest. */
interface ChildTask {
  readonly kind: 'floor-cat' | 'floor-copy' | 'soce';
  readonly models: readonly string[];
  readonly out: string;
  readonly remove: readonly string[];
  readonly settle: number;
  readonly backend?: BackendKind;
  readonly threads?: number;
  /** libuv's pool size in the child (UV_THREADPOOL_SIZE); Node's own default when absent. */
  readonly ioThreads?: number;
  /** The runtime of a soce run: Node's unless 'deno'. */
  readonly runtime?: 'deno';
}

/** Deletes the previous output (see the module comment), waits `settle` seconds, then times `work`. */
async function measure(task: ChildTask, work: () => Promise<number>, children = false): Promise<Measurement> {
  for (const path of task.remove) await rm(path, { recursive: true, force: true });
  await sleep(task.settle * 1000);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const before = children ? await childrenCpu() : { user: 0, system: 0 };
  const bytesMoved = await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const after = children ? await childrenCpu() : { user: 0, system: 0 };
  return {
    seconds,
    user: used.user / 1e6 + after.user - before.user,
    system: used.system / 1e6 + after.system - before.system,
    maxRssBytes: children ? undefined : process.resourceUsage().maxRSS * 1024,
    bytesMoved,
  };
}

/** CPU seconds of this process's finished children (Linux's /proc; clock ticks are 1/100 s). */
async function childrenCpu(): Promise<{ user: number; system: number }> {
  const fields = (await readFile('/proc/self/stat', 'utf8')).split(') ')[1]!.split(' ');
  return { user: Number(fields[13]) / 100, system: Number(fields[14]) / 100 };
}

const weightFiles = async (model: string): Promise<string[]> => (await readdir(model)).filter((f) => f.endsWith('.safetensors')).sort().map((f) => join(model, f));

function run(command: string, args: readonly string[], stdout: 'ignore' | 'pipe' = 'ignore', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { stdio: ['ignore', stdout, 'inherit'], env });
    let text = '';
    proc.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** Child: the floor with `cat`, one process per input at once; the first model's is written out. */
function floorCat(task: ChildTask): Promise<Measurement> {
  return measure(task, async () => {
    await mkdir(task.out, { recursive: true });
    const files = await Promise.all(task.models.map(weightFiles));
    await Promise.all(files.map((paths, m) => run('sh', ['-c', `cat "$@" > ${m === 0 ? '"$0"' : '/dev/null'}`, join(task.out, 'model.safetensors'), ...paths])));
    const sizes = await Promise.all(files.flat().map(async (path) => (await stat(path)).size));
    return sizes.reduce((a, b) => a + b, 0) + (await stat(join(task.out, 'model.safetensors'))).size;
  }, true);
}

/** Child: the floor in Node: each input read in soce's chunks, all at once; the first model's written out. */
function floorCopy(task: ChildTask): Promise<Measurement> {
  return measure(task, async () => {
    await mkdir(task.out, { recursive: true });
    // soce's own file code: its reads, and its sink's writes.
    const output = await nodeFileSystem.create(join(task.out, 'model.safetensors'));
    const moved = await Promise.all(task.models.map(async (model, m) => {
      const buffer = new Uint8Array(FLOOR_PIECE);
      let bytes = 0;
      for (const path of await weightFiles(model)) {
        const input = await nodeFileSystem.openRead(path);
        for (let offset = 0; offset < input.size; offset += FLOOR_PIECE) {
          const piece = await input.read(offset, Math.min(FLOOR_PIECE, input.size - offset), buffer);
          bytes += piece.length;
          if (m === 0) {
            await output.write(piece);
            bytes += piece.length;
          }
        }
        await input.close();
      }
      return bytes;
    }));
    await output.close();
    return moved.reduce((a, b) => a + b, 0);
  });
}

/** Child: the merge itself, weights .5, .3, .2. */
async function soce(task: ChildTask): Promise<Measurement> {
  const [fs, workers] = task.runtime === 'deno' ? [denoFileSystem, denoWorkers] : [nodeFileSystem, nodeWorkers];
  const { backend } = await selectBackend(task.backend!, { acquireGpu, workers, threads: task.threads });
  try {
    return await measure(task, async () => {
      const summary = await mergeCheckpoints(fs, { models: task.models.map((model, i) => ({ model, weight: WEIGHTS[i]! })), out: task.out, backend });
      return summary.bytesRead + summary.bytesWritten;
    });
  } finally {
    await backend.close();
  }
}

/**
 * Runs this file again as a child doing one measurement (under Deno for a Deno run), and returns its
 * result. The pool size is set in the child's environment, as bin/soce.cjs sets it, before Node
 * starts the pool; a soce run gets the V8 flags bin/soce.cjs sets for `soce merge`.
 */
async function child(task: ChildTask): Promise<Measurement> {
  const env = task.ioThreads === undefined ? process.env : { ...process.env, UV_THREADPOOL_SIZE: String(task.ioThreads) };
  const self = [new URL(import.meta.url).pathname, '--child', JSON.stringify(task)];
  const v8Flags = task.kind === 'soce' ? ['--no-opt'] : [];
  const [command, args] = task.runtime === 'deno' ? [DENO, ['run', '-A', '--config', join(REPO, 'deno.json'), ...self]] : [process.execPath, [...process.execArgv, ...v8Flags, ...self]];
  return JSON.parse(await run(command, args, 'pipe', env)) as Measurement;
}

/** A digest of a checkpoint's tensors (name, dtype, shape, bytes, in name order): equal for equal soups whoever wrote them. */
async function tensorDigest(path: string): Promise<string> {
  const checkpoint = await openCheckpoint(nodeFileSystem, path);
  try {
    const hash = createHash('sha256');
    const buffer = new Uint8Array(CHUNK);
    for (const tensor of [...checkpoint.tensors.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      hash.update(JSON.stringify([tensor.name, tensor.dtype, tensor.shape]));
      for (let start = 0; start < tensor.byteLength; start += CHUNK) {
        hash.update(await checkpoint.read(tensor, start, Math.min(CHUNK, tensor.byteLength - start), buffer));
      }
    }
    return hash.digest('hex');
  } finally {
    await checkpoint.close();
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function flag(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const task = JSON.parse(argv[1]!) as ChildTask;
    const result = task.kind === 'floor-cat' ? await floorCat(task) : task.kind === 'floor-copy' ? await floorCopy(task) : await soce(task);
    process.stdout.write(JSON.stringify(result));
    return;
  }
  const wanted = (flag(argv, '--sizes') ?? '1.7GB').split(',');
  const repeat = Number(flag(argv, '--repeat') ?? 5);
  const torchRepeat = Number(flag(argv, '--torch-repeat') ?? repeat);
  const settle = Number(flag(argv, '--settle') ?? 0);
  const cores = availableParallelism();
  const defaultIo = libuvPoolSize(process.env['UV_THREADPOOL_SIZE'] ?? String(defaultIoThreads(cores)));
  const threadCounts = (flag(argv, '--threads') ?? [...new Set([1, 2, cores])].join(',')).split(',').map(Number);
  const ioCounts = (flag(argv, '--io-threads') ?? [...new Set([defaultIo, 4])].join(',')).split(',').map(Number);
  const python = flag(argv, '--python') ?? process.env['SOCE_BENCH_PYTHON'] ?? join(REPO, '.venv/bin/python');
  const keep = flag(argv, '--dir');
  for (const label of wanted) if (!SHAPES.some((s) => s.label === label)) throw new Error(`unknown size ${label}; choose among ${SHAPES.map((s) => s.label).join(', ')}`);

  const defaultThreads = defaultComputeThreads(cores, defaultIo);
  const soceRuns: { label: string; backend: BackendKind; threads?: number; ioThreads?: number; runtime?: 'deno' }[] = ioCounts.flatMap((ioThreads) => threadCounts.map((threads) => ({
    label: `soce cpu, ${threads} + ${ioThreads} I/O thread${threads + ioThreads === 1 ? '' : 's'}${threads === defaultThreads && ioThreads === defaultIo ? ' *' : ''}`,
    backend: 'cpu' as const,
    threads,
    ioThreads,
  })));
  soceRuns.push({ label: `soce cpu under Deno, ${defaultComputeThreads(cores, defaultIoThreads(cores))} computing *`, backend: 'cpu', runtime: 'deno' });
  // WebGPU joins when `auto` would pick it (a hardware adapter), or when --webgpu asks for any adapter.
  const gpu = await selectBackend(argv.includes('--webgpu') ? 'webgpu' : 'auto', { acquireGpu, probeGpu: () => probeGpu() }).catch((error: Error) => ({ backend: undefined, reason: error.message }));
  await gpu.backend?.close();
  if (gpu.backend?.name === 'webgpu') soceRuns.push({ label: 'soce webgpu', backend: 'webgpu', ioThreads: defaultIo });
  else console.log(`webgpu: skipped (${gpu.reason})`);
  const torch = torchRepeat > 0 && existsSync(python);
  if (torchRepeat <= 0) console.log('torch reference: skipped (--torch-repeat 0)');
  else if (!torch) {
    console.log(`torch reference: skipped, ${python} not found. Run bash tools/python/setup-venv.sh (tools/setup.sh runs it) to build .venv with torch and safetensors, or pass --python (or set SOCE_BENCH_PYTHON to) a Python that has them.`);
  }

  const root = keep ?? (await mkdtemp(join(tmpdir(), 'soce-bench-merge-')));
  await mkdir(root, { recursive: true });
  try {
    for (const shape of SHAPES.filter((s) => wanted.includes(s.label))) {
      const models = [0, 1, 2].map((i) => join(root, `${shape.label}-model-${i}`));
      let modelBytes = 0;
      for (const [i, dir] of models.entries()) modelBytes = await generateModel(dir, shape, 1234 + i);
      console.log(`\n${shape.label}: 3 × ${formatByteSize(modelBytes)} bf16 (${shape.layers} layers, hidden ${shape.hidden}, vocab ${shape.vocab}), weights ${WEIGHTS.join('/')}; ${repeat} runs each, interleaved, in rotating order`);
      const warm = async (): Promise<void> => {
        for (const model of models) await run('sh', ['-c', 'cat "$@" > /dev/null', 'cat', ...(await weightFiles(model))]);
      };

      const kinds = ['floor: cat', 'floor: copy (Node)', ...soceRuns.map((r) => r.label), ...(torch ? ['torch reference (mergekit linear)'] : [])];
      const results = new Map<string, Measurement[]>(kinds.map((k) => [k, []]));
      const digests = new Map<string, Set<string>>();
      let previous: string[] = [];
      for (let r = 0; r < repeat; r++) {
        // Each repeat starts one kind later, so no kind always follows the same one (what a run
        // deletes and leaves behind changes what the next one pays: see the module comment).
        for (const kind of [...kinds.slice(r % kinds.length), ...kinds.slice(0, r % kinds.length)]) {
          if (kind.startsWith('torch') && r >= torchRepeat) continue;
          const out = join(root, `${shape.label}-out-${kinds.indexOf(kind)}`);
          const base = { models, out, remove: [...previous, out], settle };
          let measured: Measurement;
          await warm();
          if (kind === 'floor: cat') measured = await child({ ...base, kind: 'floor-cat' });
          else if (kind === 'floor: copy (Node)') measured = await child({ ...base, kind: 'floor-copy', ioThreads: defaultIo });
          else if (kind.startsWith('torch')) {
            measured = JSON.parse(await run(python, [join(REPO, 'tools/bench/merge/torch_linear.py'), JSON.stringify({ ...base, weights: WEIGHTS })], 'pipe')) as Measurement;
          } else {
            const soceRun = soceRuns.find((s) => s.label === kind)!;
            measured = await child({ ...base, kind: 'soce', backend: soceRun.backend, threads: soceRun.threads, ioThreads: soceRun.ioThreads, runtime: soceRun.runtime });
          }
          results.get(kind)!.push(measured);
          if (!kind.startsWith('floor')) {
            const digest = await tensorDigest(out);
            digests.set(kind, (digests.get(kind) ?? new Set()).add(digest));
          }
          previous = [out];
        }
        process.stdout.write(`  run ${r + 1}/${repeat} done\n`);
      }
      await rm(previous[0]!, { recursive: true, force: true });

      const summary = kinds.map((kind) => {
        const runs = results.get(kind)!;
        const seconds = median(runs.map((m) => m.seconds));
        return { kind, seconds, gbps: median(runs.map((m) => m.bytesMoved)) / seconds / 1e9, runs };
      });
      const floor = Math.max(...summary.filter((s) => s.kind.startsWith('floor')).map((s) => s.gbps));
      console.log('run                                   wall (median)   GB/s  % of floor   peak RSS   user s  sys s   (walls of each run)');
      for (const { kind, seconds, gbps, runs } of summary) {
        const rss = runs.some((m) => m.maxRssBytes === undefined) ? '—' : formatByteSize(Math.max(...runs.map((m) => m.maxRssBytes!)));
        console.log(`${kind.padEnd(37)} ${seconds.toFixed(2).padStart(9)} s  ${gbps.toFixed(2).padStart(6)}  ${(gbps / floor * 100).toFixed(0).padStart(9)}%  ${rss.padStart(9)}  ${median(runs.map((m) => m.user)).toFixed(2).padStart(6)}  ${median(runs.map((m) => m.system)).toFixed(2).padStart(5)}   (${runs.map((m) => m.seconds.toFixed(2)).join(', ')})`);
      }
      console.log(`(threads computing + I/O threads; * what soce uses by default on these ${cores} cores)`);
      const torchRun = summary.find((s) => s.kind.startsWith('torch'));
      for (const s of summary.filter((x) => x.kind.startsWith('soce'))) {
        const versusTorch = torchRun === undefined ? '' : `, ${(torchRun.seconds / s.seconds).toFixed(1)}× faster than torch`;
        console.log(`${s.kind}: ${(s.gbps / floor * 100).toFixed(0)}% of the floor${versusTorch}`);
      }
      const all = new Set([...digests.values()].flatMap((set) => [...set]));
      const each = [...digests.entries()].map(([kind, set]) => `${kind}: ${set.size === 1 ? [...set][0]!.slice(0, 16) : `${set.size} different soups`}`);
      console.log(all.size === 1 ? `every soup is bit-identical (tensor digest ${[...all][0]!.slice(0, 16)}…)` : `SOUPS DIFFER:\n  ${each.join('\n  ')}`);
      if (all.size !== 1) process.exitCode = 1;
      if (keep === undefined) for (const dir of models) await rm(dir, { recursive: true, force: true });
    }
  } finally {
    if (keep === undefined) await rm(root, { recursive: true, force: true });
  }
}

await main();
