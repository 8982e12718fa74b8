import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MergeBackend } from './backend.ts';
import { openCheckpoint } from './checkpoint.ts';
import { createCpuBackend } from './cpu_backend.ts';
import { bf16ToF32, f32ToBf16, type Dtype } from './dtype.ts';
import type { ByteSource, FileSystem } from './file_system.ts';
import { MemoryFileSystem } from './memory_file_system.ts';
import { mergeCheckpoints, type MergeOptions, type MergeProgress } from './merge.ts';
import { MergeAbortedError, MergeError, type MergeErrorCode } from './merge_error.ts';
import { OUTPUT_MARKER, writeOutputMarker } from './output_directory.ts';
import { OutputDirectoryError, type OutputDirectoryErrorCode } from './output_directory_error.ts';
import { encodeSafetensors, type Tensor } from './safetensors_writer.ts';
import { saveCheckpoint } from './save_checkpoint.ts';
import { seededBf16 } from '../test-fixtures/seeded_bf16.ts';

const i64 = (name: string, values: number[]): Tensor => ({ name, dtype: 'I64', shape: [values.length], data: new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer) });

function modelTensors(seed: number): Tensor[] {
  return [
    seededBf16('model.embed_tokens.weight', [16, 8], seed),
    seededBf16('model.layers.0.self_attn.q_proj.weight', [8, 8], seed + 1),
    seededBf16('model.layers.0.mlp.up_proj.weight', [24, 8], seed + 2),
    { name: 'model.norm.weight', dtype: 'F32', shape: [8], data: new Uint8Array(new Float32Array(8).map((_, i) => i + seed).buffer) },
    i64('model.position_ids', [0, 1, 2, 3]),
    seededBf16('model.empty', [0, 8], seed),
    seededBf16('model.scalar', [], seed + 3),
    seededBf16('lm_head.weight', [16, 8], seed + 4),
  ];
}

const CONFIG = { architectures: ['LlamaForCausalLM'], torch_dtype: 'bfloat16', tie_word_embeddings: false };

/** Three models: a single-file one with tokenizer files, a sharded one, and a bare .safetensors file. */
async function threeModels(): Promise<{ fs: MemoryFileSystem; tensors: Tensor[][] }> {
  const fs = new MemoryFileSystem({ 'm/a/tokenizer.json': '{"version":"1.0"}', 'm/a/tokenizer.model': new Uint8Array([0, 255, 7]), 'm/a/generation_config.json': '{"do_sample":true}' });
  const tensors = [modelTensors(1), modelTensors(2), modelTensors(3)];
  await saveCheckpoint(fs, 'm/a', tensors[0]!, { config: CONFIG });
  const [first, second] = [tensors[1]!.slice(0, 3), tensors[1]!.slice(3)];
  fs.put('m/b/model-00001-of-00002.safetensors', encodeSafetensors(first));
  fs.put('m/b/model-00002-of-00002.safetensors', encodeSafetensors(second));
  fs.put('m/b/model.safetensors.index.json', JSON.stringify({
    metadata: { total_size: 0 },
    weight_map: Object.fromEntries([...first.map((t) => [t.name, 'model-00001-of-00002.safetensors']), ...second.map((t) => [t.name, 'model-00002-of-00002.safetensors'])]),
  }));
  fs.put('m/c.safetensors', encodeSafetensors(tensors[2]!));
  return { fs, tensors };
}

const WEIGHTS = [0.5, 0.2, 0.3];
const models = (weights = WEIGHTS): MergeOptions['models'] => [{ model: 'm/a', weight: weights[0]! }, { model: 'm/b', weight: weights[1]! }, { model: 'm/c.safetensors', weight: weights[2]! }];

/** The expected soup of a bf16 tensor: f32 products and sums in order, rounded once. */
function expectedBf16(inputs: readonly Tensor[], weights: readonly number[]): Uint8Array {
  const decoded = inputs.map((t) => [...new Uint16Array(t.data.slice().buffer)].map(bf16ToF32));
  const out = decoded[0]!.map((_, i) => {
    let acc = Math.fround(Math.fround(weights[0]!) * decoded[0]![i]!);
    for (let j = 1; j < decoded.length; j++) acc = Math.fround(acc + Math.fround(Math.fround(weights[j]!) * decoded[j]![i]!));
    return f32ToBf16(acc);
  });
  return new Uint8Array(new Uint16Array(out).buffer);
}

test('three checkpoints (single, sharded, bare file) merge into a soup with the same tensors and the expected values', async () => {
  const { fs, tensors } = await threeModels();
  const progress: MergeProgress[] = [];
  let probes = 0;
  const summary = await mergeCheckpoints(fs, { models: models(), out: 'soup', backend: createCpuBackend(), chunkBytes: 64, onProgress: (p) => progress.push(p), memoryProbe: () => 1000 + probes++ });
  assert.deepEqual(fs.paths().filter((p) => p.startsWith('soup')), ['soup', 'soup/.soce-output.json', 'soup/README.md', 'soup/config.json', 'soup/generation_config.json', 'soup/mergekit_config.yml', 'soup/model.safetensors', 'soup/tokenizer.json', 'soup/tokenizer.model']);
  assert.deepEqual(fs.bytes('soup/tokenizer.model'), new Uint8Array([0, 255, 7]));
  assert.deepEqual(JSON.parse(await fs.readText('soup/config.json')), CONFIG);

  const soup = await openCheckpoint(fs, 'soup');
  const names = tensors[0]!.map((t) => t.name);
  assert.deepEqual([...soup.tensors.keys()], names);
  for (const [i, name] of names.entries()) {
    const info = soup.tensors.get(name)!;
    const inputs = tensors.map((list) => list[i]!);
    assert.equal(info.dtype, inputs[0]!.dtype);
    assert.deepEqual(info.shape, inputs[0]!.shape);
    const data = await soup.read(info);
    if (info.dtype === 'BF16') assert.deepEqual(data, expectedBf16(inputs, WEIGHTS), name);
    if (info.dtype === 'I64') assert.deepEqual(data, inputs[0]!.data, 'integer tensors are copied');
    if (info.dtype === 'F32') {
      const values = [...new Float32Array(data.slice().buffer)];
      values.forEach((v, k) => assert.ok(Math.abs(v - (0.5 * (k + 1) + 0.2 * (k + 2) + 0.3 * (k + 3))) < 1e-5));
    }
  }
  const metadata = soup.tensors.get(names[0]!)!.file.header.metadata;
  assert.equal(metadata['format'], 'pt');
  assert.equal(metadata['soce_tool'], 'soce 0.1.0');
  assert.deepEqual(JSON.parse(metadata['soce_models']!), ['a', 'b', 'c.safetensors']);
  assert.deepEqual(JSON.parse(metadata['soce_paths']!), ['../m/a', '../m/b', '../m/c.safetensors'], 'paths relative to the soup');
  assert.deepEqual(JSON.parse(metadata['soce_weights']!), WEIGHTS);
  assert.equal(metadata['soce_dtype'], 'as input', 'bf16 and f32 tensors each kept their type');
  await soup.close();

  const card = await fs.readText('soup/README.md');
  assert.match(card, /\| b \| \.\.\/m\/b \| 0\.2 \|/);
  assert.match(card, /Copied from \.\.\/m\/a: config\.json, generation\\_config\.json, tokenizer\.json, tokenizer\.model\n/);
  assert.match(await fs.readText('soup/mergekit_config.yml'), /- model: "\.\.\/m\/c\.safetensors"\n {4}parameters:\n {6}weight: 0\.3\n/);
  assert.equal(summary.tensors, names.length);
  assert.equal(summary.merged, names.length - 1);
  assert.equal(summary.copied, 1);
  assert.equal(summary.backend, 'cpu');
  assert.deepEqual(summary.shards, ['model.safetensors']);
  assert.equal(summary.peakMemoryBytes, 1000 + probes - 1);
  assert.ok(summary.bytesRead >= 3 * progress.at(-1)!.bytesTotal - 3 * 32 * 2, 'every input byte is read');
  assert.ok(summary.bytesWritten > progress.at(-1)!.bytesTotal);
  assert.ok(progress.length > names.length, 'tensors were streamed in several chunks');
  for (let k = 1; k < progress.length; k++) assert.ok(progress[k]!.bytesDone >= progress[k - 1]!.bytesDone);
  assert.deepEqual(progress.at(-1), { bytesDone: progress.at(-1)!.bytesTotal, bytesTotal: progress.at(-1)!.bytesTotal, tensorsDone: names.length, tensorsTotal: names.length });
});

test('chunk size changes nothing in the result', async () => {
  const { fs } = await threeModels();
  await mergeCheckpoints(fs, { models: models(), out: 'small', backend: createCpuBackend(), chunkBytes: 6 });
  await mergeCheckpoints(fs, { models: models(), out: 'large', backend: createCpuBackend() });
  assert.deepEqual(fs.bytes('small/model.safetensors'), fs.bytes('large/model.safetensors'));
});

test('a soup larger than the shard limit is sharded with an index; an output dtype is honoured', async () => {
  const { fs } = await threeModels();
  const summary = await mergeCheckpoints(fs, { models: models(), out: 'sharded', backend: createCpuBackend(), maxShardBytes: 600, outDtype: 'F32' });
  // F32 sizes 512, 256, 768, 32, 32, 0, 4, 512 bytes in shards of at most 600 (or one oversized tensor).
  assert.deepEqual(summary.shards, [1, 2, 3, 4].map((i) => `model-0000${i}-of-00004.safetensors`));
  const index = JSON.parse(await fs.readText('sharded/model.safetensors.index.json')) as { metadata: { total_size: number }; weight_map: Record<string, string> };
  assert.deepEqual(Object.keys(index.weight_map), Object.keys(index.weight_map).sort());
  const soup = await openCheckpoint(fs, 'sharded');
  assert.equal(index.metadata.total_size, [...soup.tensors.values()].reduce((s, t) => s + t.byteLength, 0));
  assert.deepEqual([...new Set([...soup.tensors.values()].map((t) => t.dtype))].sort(), ['F32', 'I64'] satisfies Dtype[]);
  await soup.close();
  assert.equal(JSON.parse(await fs.readText('sharded/config.json')).torch_dtype, 'float32');
});

/** `fs` with some methods replaced. */
function wrap(fs: FileSystem, overrides: Partial<FileSystem>): FileSystem {
  return {
    openRead: (p) => fs.openRead(p), create: (p, o) => fs.create(p, o), readText: (p) => fs.readText(p), kind: (p) => fs.kind(p),
    realPath: (p) => fs.realPath(p), mode: (p) => fs.mode(p), list: (p) => fs.list(p), mkdir: (p) => fs.mkdir(p), rename: (a, b) => fs.rename(a, b), remove: (p) => fs.remove(p),
    ...overrides,
  };
}

test('tensor data is read in chunks of at most chunkBytes, at most three steps in flight', async () => {
  const { fs } = await threeModels();
  const reads: number[] = [];
  const live = { now: 0, max: 0 };
  const recording = wrap(fs, {
    openRead: async (path): Promise<ByteSource> => {
      const source = await fs.openRead(path);
      return {
        size: source.size,
        close: () => source.close(),
        read: async (offset, length, into) => {
          // Offsets 0 and 8 are the header length and the header; the rest is tensor data.
          if (offset <= 8) return source.read(offset, length, into);
          reads.push(length);
          live.now += length;
          live.max = Math.max(live.max, live.now);
          try {
            return await source.read(offset, length, into);
          } finally {
            live.now -= length;
          }
        },
      };
    },
  });
  await mergeCheckpoints(recording, { models: models(), out: 'soup', backend: createCpuBackend(), chunkBytes: 32 });
  assert.ok(reads.length > 3 * 8, 'tensors were read in several chunks');
  assert.ok(reads.every((n) => n <= 32), `reads of at most 32 bytes (saw ${Math.max(...reads)})`);
  assert.ok(live.max <= 3 * 3 * 32, `at most three chunks per model in flight (saw ${live.max} bytes)`);
});

async function failsCleanly(fs: MemoryFileSystem, options: Partial<MergeOptions>, code: MergeErrorCode | OutputDirectoryErrorCode | RegExp): Promise<void> {
  const before = fs.paths();
  await assert.rejects(mergeCheckpoints(fs, { models: models(), out: 'soup', backend: createCpuBackend(), ...options }), (error: unknown) => {
    if (code instanceof RegExp) assert.match(String(error), code);
    else {
      assert.ok(error instanceof MergeError || error instanceof OutputDirectoryError, String(error));
      assert.equal(error.code, code, error.message);
    }
    return true;
  });
  assert.deepEqual(fs.paths(), before, 'nothing written, no temporary directory left');
}

test('bad weights, an existing output, or an output that is an input fail before writing', async () => {
  const { fs } = await threeModels();
  await failsCleanly(fs, { models: models([0.5, 0.2, 0.2]) }, 'unnormalized-weights');
  await failsCleanly(fs, { models: models([-1, 1, 1]), normalize: true }, 'bad-weights');
  await failsCleanly(fs, { out: 'm/a/' }, 'output-overlaps');
  fs.put('soup/old.txt', 'keep me');
  await failsCleanly(fs, {}, 'output-exists');
});

test('the output may not be, contain or lie inside an input, nor be or contain a protected directory', async () => {
  const { fs } = await threeModels();
  const overlaps = (out: string, message: RegExp, protect: MergeOptions['protect'] = undefined, copyFrom?: string) =>
    assert.rejects(mergeCheckpoints(fs, { models: models(), out, backend: createCpuBackend(), overwrite: true, protect, copyFrom }), (error: unknown) => {
      assert.ok(error instanceof OutputDirectoryError && error.code === 'output-overlaps', String(error));
      assert.match(error.message, message);
      return true;
    });
  const before = fs.paths();
  await overlaps('.', /^the output directory \. contains the input m\/a \(m\/a\); soce writes its output directory as a whole/);
  await overlaps('m', /^the output directory m contains the input m\/a/);
  await overlaps('m/a/../b/..', /contains the input m\/a/);
  await overlaps('m/c.safetensors', /^the output directory m\/c\.safetensors is the input m\/c\.safetensors;/);
  await overlaps('m/a/soup', /^the output directory m\/a\/soup is inside the input m\/a;/);
  await overlaps('tok', /is the input tok;/, [], 'tok');
  await overlaps('work', /is the working directory;/, [{ path: 'work', label: 'the working directory' }]);
  await overlaps('home', /contains your home directory \(home\/me\);/, [{ path: 'home/me', label: 'your home directory' }]);
  assert.deepEqual(fs.paths(), before, 'nothing was written or removed');
  // Inside a protected directory is where outputs normally go.
  await mergeCheckpoints(fs, { models: models(), out: 'work/soup', backend: createCpuBackend(), protect: [{ path: 'work', label: 'the working directory' }] });
  assert.equal(await fs.kind('work/soup/model.safetensors'), 'file');
});

test('overwrite replaces only a soup soce wrote, recognised by its marker', async () => {
  const { fs } = await threeModels();
  fs.put('soup/notes.txt', 'mine');
  await failsCleanly(fs, { overwrite: true }, 'output-not-soce');
  await assert.rejects(mergeCheckpoints(fs, { models: models(), out: 'soup', backend: createCpuBackend(), overwrite: true }), /^OutputDirectoryError: soup exists and is not a soup written by soce \(it has no \.soce-output\.json\); the overwrite option replaces only soce's own soups: move it away or choose a new directory$/);
  fs.put('run/.soce-output.json', JSON.stringify({ written_by: 'soce', kind: 'run' }));
  await failsCleanly(fs, { out: 'run', overwrite: true }, 'output-not-soce');
  fs.put('file-out', 'x');
  await failsCleanly(fs, { out: 'file-out', overwrite: true }, 'output-not-soce');
  await mergeCheckpoints(fs, { models: models(), out: 'fresh', backend: createCpuBackend() });
  assert.deepEqual(JSON.parse(await fs.readText(`fresh/${OUTPUT_MARKER}`)), { written_by: 'soce', kind: 'soup', tool: 'soce 0.1.0' });
  await mergeCheckpoints(fs, { models: models(), out: 'fresh', backend: createCpuBackend(), overwrite: true });
});

test('what killed merges to the same output left is removed by the next one and reported; other directories stay', async () => {
  const { fs } = await threeModels();
  fs.put('soup.tmp-k1ll3d/model.safetensors', 'half a soup');
  await writeOutputMarker(fs, 'soup.tmp-k1ll3d', 'soup', 'soce 0.1.0');
  fs.put('soup.old-r3plac/model.safetensors', 'the soup being replaced');
  await writeOutputMarker(fs, 'soup.old-r3plac', 'soup', 'soce 0.1.0');
  fs.put('soup.tmp-n0tours/data.txt', 'not soce');
  fs.put('soup.tmp-long-name/x', 'not a merge suffix');
  fs.put('soupy.tmp-abc/x', 'another output');
  await writeOutputMarker(fs, 'soupy.tmp-abc', 'soup', 'soce 0.1.0');
  const summary = await mergeCheckpoints(fs, { models: models(), out: 'soup', backend: createCpuBackend() });
  assert.deepEqual(summary.removedLeftovers, ['soup.old-r3plac', 'soup.tmp-k1ll3d']);
  assert.deepEqual(fs.paths().filter((p) => /^soup[^/]*$/.test(p)), ['soup', 'soup.tmp-long-name', 'soup.tmp-n0tours', 'soupy.tmp-abc']);
  assert.deepEqual((await mergeCheckpoints(fs, { models: models(), out: 'soup', backend: createCpuBackend(), overwrite: true })).removedLeftovers, []);
});

test('integer tensors that differ, and tensors missing from a model, fail before writing', async () => {
  const { fs, tensors } = await threeModels();
  fs.put('m/c.safetensors', encodeSafetensors(tensors[2]!.map((t) => (t.name === 'model.position_ids' ? i64(t.name, [0, 1, 2, 4]) : t))));
  await failsCleanly(fs, {}, 'tensors-differ');
  await assert.rejects(mergeCheckpoints(fs, { models: models(), out: 'soup', backend: createCpuBackend() }), /model\.position_ids \(I64\) differs between m\/a and m\/c\.safetensors \(first at byte 24\)/);
  fs.put('m/c.safetensors', encodeSafetensors(tensors[2]!.filter((t) => t.name !== 'model.norm.weight')));
  await failsCleanly(fs, {}, 'missing-tensor');
  const summary = await mergeCheckpoints(fs, { models: models(), out: 'soup', backend: createCpuBackend(), missing: 'merge-present' });
  assert.equal(summary.tensors, tensors[0]!.length);
});

test('a backend or disk failure midway leaves neither the soup nor its temporary directory', async () => {
  const { fs } = await threeModels();
  let calls = 0;
  const cpu = createCpuBackend();
  const flaky: MergeBackend = { name: 'flaky', merge: (job) => (++calls === 3 ? Promise.reject(new Error('device lost')) : cpu.merge(job)), close: () => cpu.close() };
  await failsCleanly(fs, { backend: flaky, chunkBytes: 16 }, /device lost/);
  let writes = 0;
  const full = wrap(fs, {
    create: async (path) => {
      const sink = await fs.create(path);
      return { write: (bytes) => (++writes === 4 ? Promise.reject(new Error('disk full')) : sink.write(bytes)), close: () => sink.close() };
    },
  });
  const before = fs.paths();
  await assert.rejects(mergeCheckpoints(full, { models: models(), out: 'soup', backend: createCpuBackend(), chunkBytes: 16 }), /disk full/);
  assert.deepEqual(fs.paths(), before);
});

test('overwrite replaces an existing soup only once the new one is complete; models of weight 0 are not read', async () => {
  const { fs } = await threeModels();
  await mergeCheckpoints(fs, { models: models(), out: 'soup', backend: createCpuBackend() });
  fs.put('soup/stale.txt', 'old');
  const summary = await mergeCheckpoints(fs, { models: [{ model: 'm/a', weight: 1 }, { model: 'm/missing', weight: 0 }], out: 'soup', backend: createCpuBackend(), overwrite: true });
  assert.deepEqual(summary.models, [{ model: 'm/a', weight: 1 }]);
  assert.equal(fs.bytes('soup/stale.txt'), undefined);
  assert.deepEqual(fs.paths().filter((p) => p.startsWith('soup')).filter((p) => !p.startsWith('soup/')), ['soup']);
  const soup = await openCheckpoint(fs, 'soup');
  const original = await openCheckpoint(fs, 'm/a');
  for (const tensor of original.tensors.values()) assert.deepEqual(await soup.read(soup.tensors.get(tensor.name)!), await original.read(tensor), 'a soup of one model is that model');
  await soup.close();
  await original.close();
});

test('config and tokenizer files can come from another directory; a tied model unties the soup', async () => {
  const { fs, tensors } = await threeModels();
  fs.put('m/c.safetensors', encodeSafetensors(tensors[2]!.filter((t) => t.name !== 'lm_head.weight')));
  fs.put('m/c/model.safetensors', encodeSafetensors(tensors[2]!.filter((t) => t.name !== 'lm_head.weight')));
  fs.put('m/c/config.json', JSON.stringify({ ...CONFIG, tie_word_embeddings: true, dtype: 'float32' }));
  const summary = await mergeCheckpoints(fs, { models: [{ model: 'm/a', weight: 0.5 }, { model: 'm/c', weight: 0.5 }], out: 'soup', backend: createCpuBackend(), copyFrom: 'm/c' });
  assert.equal(summary.tensors, tensors[0]!.length);
  const config = JSON.parse(await fs.readText('soup/config.json')) as Record<string, unknown>;
  assert.deepEqual([config['tie_word_embeddings'], config['torch_dtype'], config['dtype']], [false, 'bfloat16', 'bfloat16']);
  assert.equal(fs.bytes('soup/tokenizer.json'), undefined, 'files come from m/c only');
  assert.match(await fs.readText('soup/README.md'), /Copied from \.\.\/m\/c: config\.json\n/);
  const soup = await openCheckpoint(fs, 'soup');
  const head = await soup.read(soup.tensors.get('lm_head.weight')!);
  assert.deepEqual(head, expectedBf16([tensors[0]![7]!, tensors[2]![0]!], [0.5, 0.5]), 'lm_head = ½ head of a + ½ embedding of c');
  await soup.close();
  assert.match(await fs.readText('soup/README.md'), /tie_word_embeddings: false/);
});

test('an aborted merge stops between chunks and leaves nothing behind', async () => {
  const { fs } = await threeModels();
  const before = fs.paths();
  const controller = new AbortController();
  let chunks = 0;
  await assert.rejects(
    mergeCheckpoints(fs, { models: models(), out: 'soup', backend: createCpuBackend(), chunkBytes: 16, signal: controller.signal, onProgress: () => (++chunks === 3 ? controller.abort() : undefined) }),
    (error: unknown) => error instanceof MergeAbortedError && /interrupted; nothing was written to soup/.test(error.message),
  );
  assert.ok(chunks >= 3 && chunks < 10, `stopped soon after the abort (${chunks} chunks written)`);
  assert.deepEqual(fs.paths(), before);
});

test('a backend given as a function is opened only once the inputs are valid', async () => {
  const { fs } = await threeModels();
  let opened = 0;
  const open = async (): Promise<MergeBackend> => {
    opened += 1;
    return createCpuBackend();
  };
  fs.put('m/d.safetensors', encodeSafetensors(modelTensors(4).filter((t) => t.name !== 'model.norm.weight')));
  await assert.rejects(mergeCheckpoints(fs, { models: [{ model: 'm/a', weight: 0.5 }, { model: 'm/d.safetensors', weight: 0.5 }], out: 'bad', backend: open }), MergeError);
  assert.equal(opened, 0, 'no backend for a merge that cannot happen');
  const summary = await mergeCheckpoints(fs, { models: models(), out: 'soup', backend: open });
  assert.equal(opened, 1);
  assert.equal(summary.backend, 'cpu');
});
