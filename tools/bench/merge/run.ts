/**
 * Benchmark (not a test): `mergeCheckpoints` on Llama-shaped bf16 checkpoints against the I/O
 * floor. Generates three models of ~250 MB and three of ~1 GB (fixed seed) in a temporary
 * directory, then, each in a fresh child process so peak RSS is its own:
 *  - the floor: read every input file once and write one model's worth of output with plain
 *    buffered file copies (16 MiB at a time) — the least any merge must do;
 *  - the merge with each backend available: the CPU, and WebGPU when there is a hardware adapter
 *    (or any adapter, with --webgpu).
 * Prints seconds, throughput ((input + output bytes) / s), CPU seconds (user + system), peak RSS, and
 * the throughput relative to the better floor by wall-clock and by CPU time; the latter holds up on a
 * machine shared with other work. Each figure is the best of `--repeat` runs (3 by default).
 * Targets on a 2-core machine: the CPU merge at least 50% of the floor's throughput; peak RSS
 * under 400 MB for 3 × 1 GB. The temporary files are deleted at the end.
 *
 *   node --conditions=@soce/source --import tsx tools/bench/merge/run.ts [--sizes 250MB,1GB] [--repeat 3] [--webgpu]   (npm run bench:merge)
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import process from 'node:process';
import { encodeSafetensorsHeader, formatByteSize, mergeCheckpoints, selectBackend, type BackendKind, type TensorLayout } from '@soce/tensors';
import { acquireGpu, nodeFileSystem } from '@soce/tensors/node';

const CHUNK = 16 * 1024 * 1024;

interface Shape {
  readonly label: string;
  readonly hidden: number;
  readonly intermediate: number;
  readonly layers: number;
  readonly vocab: number;
  readonly kvHeads: number;
  readonly heads: number;
}

/** Llama-architecture shapes sized to about 250 MB and 1 GB in bf16. */
const SHAPES: readonly Shape[] = [
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

/** Writes one model as two shards and an index; values are seeded bf16 of weight-like magnitude. */
async function generateModel(dir: string, layout: readonly TensorLayout[], seed: number): Promise<number> {
  await mkdir(dir, { recursive: true });
  const half = Math.ceil(layout.length / 2);
  const shards = [layout.slice(0, half), layout.slice(half)];
  const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  let state = (seed * 0x9e3779b9) >>> 0 || 1;
  const words = new Uint32Array(CHUNK / 4);
  let bytes = 0;
  for (const [s, tensors] of shards.entries()) {
    const handle = await open(join(dir, names[s]!), 'w');
    await handle.write(encodeSafetensorsHeader(tensors, { format: 'pt' }));
    let remaining = tensors.reduce((sum, t) => sum + elements(t) * 2, 0);
    bytes += remaining;
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
  const index = await open(join(dir, 'model.safetensors.index.json'), 'w');
  await index.write(JSON.stringify({ metadata: { total_size: bytes }, weight_map: weightMap }));
  await index.close();
  const config = await open(join(dir, 'config.json'), 'w');
  await config.write(JSON.stringify({ architectures: ['LlamaForCausalLM'], torch_dtype: 'bfloat16', tie_word_embeddings: false }));
  await config.close();
  return bytes;
}

interface Measurement {
  readonly seconds: number;
  /** CPU time (user + system) of the measured part: robust to other load on a shared machine. */
  readonly cpuSeconds: number;
  readonly bytesMoved: number;
  readonly maxRssBytes: number;
}

/** Runs `work` and measures its wall-clock and CPU seconds and the process's peak RSS. */
async function measure(work: () => Promise<number>): Promise<Measurement> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const bytesMoved = await work();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, bytesMoved, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}

async function readAll(path: string, buffer: Uint8Array): Promise<number> {
  const input = await open(path, 'r');
  let total = 0;
  for (;;) {
    const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  await input.close();
  return total;
}

const weightFiles = async (model: string): Promise<string[]> => (await readdir(model)).filter((f) => f.endsWith('.safetensors')).map((f) => join(model, f));

/**
 * Child: the I/O floor, two ways. `copy`: each input read once in 16 MiB pieces, the first model's
 * pieces written out as they are read — one thread of plain buffered copies. `copyfile`: the first
 * model copied by the kernel (fs.copyFile) while the others are read concurrently.
 */
function floor(models: readonly string[], out: string, how: string): Promise<Measurement> {
  return measure(async () => {
    let moved = 0;
    await mkdir(out, { recursive: true });
    if (how === 'copyfile') {
      const [first, ...others] = models;
      const copies = (await weightFiles(first!)).map(async (path) => {
        await copyFile(path, join(out, basename(path)));
        const { size } = await stat(path);
        moved += 2 * size;
      });
      const reads = others.map(async (model) => {
        const buffer = new Uint8Array(CHUNK);
        for (const path of await weightFiles(model)) {
          const bytes = await readAll(path, buffer);
          moved += bytes;
        }
      });
      await Promise.all([...copies, ...reads]);
    } else {
      const buffer = new Uint8Array(CHUNK);
      for (const [m, model] of models.entries()) {
        for (const path of await weightFiles(model)) {
          const input = await open(path, 'r');
          const output = m === 0 ? await open(join(out, basename(path)), 'w') : undefined;
          for (;;) {
            const { bytesRead } = await input.read(buffer, 0, CHUNK, null);
            if (bytesRead === 0) break;
            moved += bytesRead;
            if (output !== undefined) {
              await output.write(buffer, 0, bytesRead);
              moved += bytesRead;
            }
          }
          await input.close();
          await output?.close();
        }
      }
    }
    return moved;
  });
}

/** Child: the merge itself, weights 0.5, 0.3, 0.2. */
async function merge(models: readonly string[], out: string, backendName: string): Promise<Measurement> {
  const { backend } = await selectBackend(backendName as BackendKind, { acquireGpu });
  const result = await measure(async () => {
    const summary = await mergeCheckpoints(nodeFileSystem, { models: models.map((model, i) => ({ model, weight: [0.5, 0.3, 0.2][i]! })), out, backend });
    return summary.bytesRead + summary.bytesWritten;
  });
  await backend.close();
  return result;
}

/** Runs this file again as a child doing one measurement, and returns its result. */
function child(args: readonly string[]): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    proc.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(text) as Measurement) : reject(new Error(`child ${args.join(' ')} exited with ${code}`))));
  });
}

const gbps = (m: Measurement): number => m.bytesMoved / m.seconds / 1e9;
const gbPerCpuSecond = (m: Measurement): number => m.bytesMoved / m.cpuSeconds / 1e9;

/** The fastest of `n` runs (the least disturbed by other load), with the largest peak RSS of all. */
async function bestOf(n: number, run: () => Promise<Measurement>): Promise<Measurement> {
  const results: Measurement[] = [];
  for (let i = 0; i < n; i++) results.push(await run());
  const fastest = results.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  return { ...fastest, cpuSeconds: Math.min(...results.map((r) => r.cpuSeconds)), maxRssBytes: Math.max(...results.map((r) => r.maxRssBytes)) };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const [, kind, out, how, ...models] = argv;
    const result = kind === 'floor' ? await floor(models, out!, how!) : await merge(models, out!, how!);
    process.stdout.write(JSON.stringify(result));
    return;
  }
  const sizesFlag = argv.indexOf('--sizes');
  const wanted = sizesFlag >= 0 ? argv[sizesFlag + 1]!.split(',') : SHAPES.map((s) => s.label);
  const repeatFlag = argv.indexOf('--repeat');
  const repeat = repeatFlag >= 0 ? Number(argv[repeatFlag + 1]) : 3;
  // WebGPU joins when `auto` would pick it (a hardware adapter), or when --webgpu asks for any adapter.
  const backends = ['cpu'];
  const gpu = await selectBackend(argv.includes('--webgpu') ? 'webgpu' : 'auto', { acquireGpu }).catch((error: Error) => ({ backend: undefined, reason: error.message }));
  await gpu.backend?.close();
  if (gpu.backend?.name === 'webgpu') backends.push('webgpu');
  else console.log(`webgpu: skipped (${gpu.reason})`);
  const root = await mkdtemp(join(tmpdir(), 'soce-bench-merge-'));
  try {
    console.log('size    run       seconds   GB/s  CPU s   peak RSS  vs floor (wall, CPU)');
    for (const shape of SHAPES.filter((s) => wanted.includes(s.label))) {
      const layout = llamaLayout(shape);
      const models = [0, 1, 2].map((i) => join(root, `${shape.label}-model-${i}`));
      let modelBytes = 0;
      for (const [i, dir] of models.entries()) modelBytes = await generateModel(dir, layout, 1234 + i);
      const floors: Measurement[] = [];
      for (const how of ['copy', 'copyfile']) {
        const out = join(root, `${shape.label}-floor`);
        floors.push(await bestOf(repeat, async () => {
          const result = await child(['floor', out, how, ...models]);
          await rm(out, { recursive: true, force: true });
          return result;
        }));
      }
      // Ratios are taken against the better floor, by wall-clock and by CPU time.
      const best = floors.reduce((a, b) => (gbps(a) >= gbps(b) ? a : b));
      const bestCpu = floors.reduce((a, b) => (gbPerCpuSecond(a) >= gbPerCpuSecond(b) ? a : b));
      const row = (run: string, m: Measurement): string =>
        `${shape.label.padEnd(7)} ${run.padEnd(9)} ${m.seconds.toFixed(2).padStart(7)}  ${gbps(m).toFixed(2).padStart(5)}  ${m.cpuSeconds.toFixed(2).padStart(6)}  ${formatByteSize(m.maxRssBytes).padStart(9)}  ${(gbps(m) / gbps(best) * 100).toFixed(0).padStart(5)}%  ${(gbPerCpuSecond(m) / gbPerCpuSecond(bestCpu) * 100).toFixed(0).padStart(5)}%`;
      console.log(`${row('copy', floors[0]!)}   (floor: 3 × ${formatByteSize(modelBytes)} read, ${formatByteSize(modelBytes)} written)`);
      console.log(`${row('copyfile', floors[1]!)}   (floor)`);
      for (const backend of backends) {
        const out = join(root, `${shape.label}-soup-${backend}`);
        const result = await bestOf(repeat, async () => {
          const measured = await child(['merge', out, backend, ...models]);
          const written = (await Promise.all((await readdir(out)).map(async (f) => (await stat(join(out, f))).size))).reduce((a, b) => a + b, 0);
          if (written < modelBytes) throw new Error(`the ${backend} soup has ${written} bytes, less than a model's ${modelBytes}`);
          await rm(out, { recursive: true, force: true });
          return measured;
        });
        console.log(row(backend, result));
      }
      for (const dir of models) await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
