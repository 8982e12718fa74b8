import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { encodeSafetensors, f32ToBf16, type Tensor } from '@soce/tensors';
import { runSoce, type SoceRun } from '../test-fixtures/soce_cli.ts';

/** `soce merge <args>` in-process from `cwd`. */
const soce = (cwd: string, args: string[], interactive = false): Promise<SoceRun> => runSoce(['merge', ...args], cwd, interactive);

/** Seeded bf16 values in about ±2. */
function bf16(name: string, shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const bits = new Uint16Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    bits[i] = f32ToBf16((state / 2 ** 31) * 4 - 2);
  }
  return { name, dtype: 'BF16', shape, data: new Uint8Array(bits.buffer) };
}

const i64 = (name: string, values: number[]): Tensor => ({ name, dtype: 'I64', shape: [values.length], data: new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer) });

function llama(seed: number): Tensor[] {
  return [
    bf16('model.embed_tokens.weight', [32, 16], seed),
    bf16('model.layers.0.self_attn.q_proj.weight', [16, 16], seed + 1),
    bf16('model.layers.0.mlp.down_proj.weight', [16, 40], seed + 2),
    bf16('model.norm.weight', [16], seed + 3),
    i64('model.rotary.positions', [0, 1, 2, 3, 4, 5, 6, 7]),
    bf16('lm_head.weight', [32, 16], seed + 4),
  ];
}

const CONFIG = { architectures: ['LlamaForCausalLM'], hidden_size: 16, torch_dtype: 'bfloat16', tie_word_embeddings: false };

async function writeSingle(dir: string, tensors: Tensor[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.safetensors'), encodeSafetensors(tensors, { format: 'pt' }));
  await writeFile(join(dir, 'config.json'), JSON.stringify(CONFIG));
}

async function writeSharded(dir: string, tensors: Tensor[], weightMap?: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const shards = [tensors.slice(0, 3), tensors.slice(3)];
  const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  for (const [i, shard] of shards.entries()) await writeFile(join(dir, names[i]!), encodeSafetensors(shard, { format: 'pt' }));
  const map = weightMap ?? Object.fromEntries(shards.flatMap((shard, i) => shard.map((t) => [t.name, names[i]!])));
  await writeFile(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: 0 }, weight_map: map }));
  await writeFile(join(dir, 'config.json'), JSON.stringify(CONFIG));
}

/** A fresh directory with models a (single, with tokenizer files), b (sharded) and c (single). */
async function workspace(t: { after(fn: () => Promise<void>): void }): Promise<{ dir: string; tensors: Tensor[][] }> {
  const dir = await mkdtemp(join(tmpdir(), 'soce-merge-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const tensors = [llama(11), llama(22), llama(33)];
  await writeSingle(join(dir, 'a'), tensors[0]!);
  await writeFile(join(dir, 'a', 'tokenizer.json'), '{"model":{"type":"BPE"}}');
  await writeFile(join(dir, 'a', 'tokenizer_config.json'), '{"bos_token":"<s>"}');
  await writeSharded(join(dir, 'b'), tensors[1]!);
  await writeSingle(join(dir, 'c'), tensors[2]!);
  return { dir, tensors };
}

interface ParsedFile {
  readonly metadata: Record<string, string>;
  readonly tensors: Map<string, { dtype: string; shape: number[]; data: Uint8Array }>;
}

/** An independent minimal safetensors reader: u64 header length, JSON, data offsets. */
async function readSafetensorsByHand(path: string): Promise<ParsedFile> {
  const bytes = new Uint8Array(await readFile(path));
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  assert.equal(length % 8, 0, 'header padded to 8 bytes');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  const tensors = new Map<string, { dtype: string; shape: number[]; data: Uint8Array }>();
  let metadata: Record<string, string> = {};
  let end = 0;
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: [from, to] } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    tensors.set(name, { dtype, shape, data: bytes.slice(8 + length + from, 8 + length + to) });
    end = Math.max(end, to);
  }
  assert.equal(8 + length + end, bytes.length, 'the data section is exactly filled');
  return { metadata, tensors };
}

const bf16Value = (bits: number): number => new Float32Array(new Uint32Array([bits << 16]).buffer)[0]!;

/** The float64 weighted sum rounded once to bf16 (ties to even), independently of @soce/tensors. */
function bf16Reference(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  let e = Math.floor(Math.log2(Math.abs(x)));
  while (2 ** e > Math.abs(x)) e -= 1;
  while (2 ** (e + 1) <= Math.abs(x)) e += 1;
  const quantum = 2 ** (Math.max(e, -126) - 7);
  const q = x / quantum;
  const r = Math.abs(q - Math.trunc(q)) === 0.5 ? 2 * Math.round(q / 2) : Math.round(q);
  return r * quantum;
}

/** Distance in bf16 units in the last place between two bf16 values (same sign or zero). */
function ulps(a: number, b: number): number {
  const bits = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0]! >>> 16;
  return Math.sign(a) * Math.sign(b) < 0 ? Infinity : Math.abs((bits(Math.abs(a)) & 0x7fff) - (bits(Math.abs(b)) & 0x7fff));
}

async function outputEntries(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('soup')).sort();
}

test('soce merge: three real-format bf16 checkpoints (one sharded) make a soup within 1 bf16 ulp of the float64 reference', async (t) => {
  const { dir, tensors } = await workspace(t);
  const weights = [0.5, 0.3, 0.2];
  const run = await soce(dir, ['--out', 'soup', '--model', 'a:0.5', '--model', `${join(dir, 'b')}:0.3`, '--model', './c:0.2']);
  assert.equal(run.code, 0, run.err);
  assert.equal(run.err, '', 'no progress output when not interactive');
  assert.match(run.out, /tensors: 6 \(5 averaged, 1 copied\)/);
  assert.deepEqual((await readdir(join(dir, 'soup'))).sort(), ['.soce-output.json', 'README.md', 'config.json', 'mergekit_config.yml', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
  const soup = await readSafetensorsByHand(join(dir, 'soup', 'model.safetensors'));
  assert.deepEqual([...soup.tensors.keys()].sort(), tensors[0]!.map((x) => x.name).sort());
  assert.equal(soup.metadata['format'], 'pt');
  // Names and paths relative to the soup, whether the user typed a relative or an absolute path.
  assert.deepEqual(JSON.parse(soup.metadata['soce_models']!), ['a', 'b', 'c']);
  assert.deepEqual(JSON.parse(soup.metadata['soce_paths']!), ['../a', '../b', '../c']);
  assert.deepEqual(JSON.parse(soup.metadata['soce_weights']!), weights);
  assert.equal(soup.metadata['soce_tool'], 'soce 0.1.0');
  for (const [i, input] of tensors[0]!.entries()) {
    const merged = soup.tensors.get(input.name)!;
    assert.equal(merged.dtype, input.dtype, input.name);
    assert.deepEqual(merged.shape, input.shape, input.name);
    if (input.dtype === 'I64') {
      assert.deepEqual(merged.data, input.data);
      continue;
    }
    const values = tensors.map((model) => [...new Uint16Array(model[i]!.data.slice().buffer)].map(bf16Value));
    const got = [...new Uint16Array(merged.data.slice().buffer)].map(bf16Value);
    got.forEach((value, k) => {
      const reference = bf16Reference(values.reduce((sum, x, j) => sum + weights[j]! * x[k]!, 0));
      assert.ok(ulps(value, reference) <= 1, `${input.name}[${k}]: ${value} vs ${reference}`);
    });
  }
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'soup', 'config.json'), 'utf8')), CONFIG);
  const card = await readFile(join(dir, 'soup', 'README.md'), 'utf8');
  assert.match(card, /^\| c \| \.\.\/c \| 0\.2 \|$/m);
  assert.ok(!card.includes(dir) && !(await readFile(join(dir, 'soup', 'mergekit_config.yml'), 'utf8')).includes(dir), 'no absolute path of this machine');
});

test('soce merge --format json, sharded output and an output dtype', async (t) => {
  const { dir } = await workspace(t);
  const run = await soce(dir, ['--out', 'soup', '--model', 'a:1', '--model', 'b:1', '--normalize', '--shard-size', '2KB', '--out-dtype', 'f32', '--format', 'json', '--backend', 'cpu']);
  assert.equal(run.code, 0, run.err);
  const summary = JSON.parse(run.out) as Record<string, unknown>;
  assert.deepEqual(summary['models'], [{ model: 'a', weight: 0.5 }, { model: 'b', weight: 0.5 }]);
  assert.equal(summary['backend'], 'cpu');
  assert.equal(summary['tensors'], 6);
  assert.ok(typeof summary['peakMemoryBytes'] === 'number' && summary['peakMemoryBytes'] > 0);
  assert.ok((summary['shards'] as string[]).length > 1);
  const index = JSON.parse(await readFile(join(dir, 'soup', 'model.safetensors.index.json'), 'utf8')) as { weight_map: Record<string, string> };
  for (const shard of new Set(Object.values(index.weight_map))) {
    for (const [, tensor] of (await readSafetensorsByHand(join(dir, 'soup', shard))).tensors) assert.ok(tensor.dtype === 'F32' || tensor.dtype === 'I64');
  }
  assert.equal(JSON.parse(await readFile(join(dir, 'soup', 'config.json'), 'utf8')).torch_dtype, 'float32');
});

test('soce merge --config runs soce recipes and mergekit linear recipes unchanged', async (t) => {
  const { dir } = await workspace(t);
  await writeFile(join(dir, 'recipe.yaml'), 'models:\n  - path: a\n    weight: 0.6\n  - path: c\n    weight: 0.4\nout: soup-soce\nout_dtype: bf16\n');
  const ours = await soce(dir, ['--config', 'recipe.yaml']);
  assert.equal(ours.code, 0, ours.err);
  await writeFile(join(dir, 'mergekit.yaml'), 'models:\n  - model: a\n    parameters:\n      weight: 3\n  - model: b\n    parameters:\n      weight: 1\nmerge_method: linear\ndtype: bfloat16\n');
  const theirs = await soce(dir, ['--config', 'mergekit.yaml', '--out', 'soup-mergekit', '--format', 'json']);
  assert.equal(theirs.code, 0, theirs.err);
  assert.deepEqual((JSON.parse(theirs.out) as { models: unknown }).models, [{ model: 'a', weight: 0.75 }, { model: 'b', weight: 0.25 }], 'mergekit normalises by default');
  assert.deepEqual(await outputEntries(dir), ['soup-mergekit', 'soup-soce']);
});

test('--backend webgpu gives the CPU soup bit for bit, or exit 2 saying why there is no WebGPU', async (t) => {
  const { dir } = await workspace(t);
  const cpu = await soce(dir, ['--out', 'soup-cpu', '--model', 'a:0.5', '--model', 'b:0.3', '--model', 'c:0.2', '--backend', 'cpu', '--format', 'json']);
  assert.equal(cpu.code, 0, cpu.err);
  assert.equal((JSON.parse(cpu.out) as { backendReason: string }).backendReason, 'the CPU backend was requested');
  const gpu = await soce(dir, ['--out', 'soup-gpu', '--model', 'a:0.5', '--model', 'b:0.3', '--model', 'c:0.2', '--backend', 'webgpu', '--format', 'json']);
  if (gpu.code === 0) {
    assert.equal((JSON.parse(gpu.out) as { backend: string }).backend, 'webgpu');
    assert.deepEqual(await readFile(join(dir, 'soup-gpu', 'model.safetensors')), await readFile(join(dir, 'soup-cpu', 'model.safetensors')));
  } else {
    assert.equal(gpu.code, 2, gpu.err);
    assert.match(gpu.err, /webgpu backend was requested but/);
    assert.deepEqual(await outputEntries(dir), ['soup-cpu']);
  }
});

test('--threads sets the CPU backend\'s worker threads: 1 and 3 give the same soup bit for bit; a bad count exits 2', async (t) => {
  const { dir } = await workspace(t);
  const models = ['--model', 'a:0.5', '--model', 'b:0.3', '--model', 'c:0.2', '--backend', 'cpu'];
  for (const threads of ['1', '3']) {
    const run = await soce(dir, ['--out', `soup-${threads}`, ...models, '--threads', threads]);
    assert.equal(run.code, 0, run.err);
  }
  assert.deepEqual(await readFile(join(dir, 'soup-3', 'model.safetensors')), await readFile(join(dir, 'soup-1', 'model.safetensors')));
  for (const threads of ['0', 'two', '1.5']) {
    const run = await soce(dir, ['--out', 'soup-bad', ...models, '--threads', threads]);
    assert.equal(run.code, 2, run.err);
    assert.match(run.err, /--threads.*give a whole number of threads, at least 1/);
  }
  assert.deepEqual(await outputEntries(dir), ['soup-1', 'soup-3']);
});

test('a progress bar is drawn on an interactive terminal', async (t) => {
  const { dir } = await workspace(t);
  const run = await soce(dir, ['--out', 'soup', '--model', 'a:0.5', '--model', 'c:0.5'], true);
  assert.equal(run.code, 0, run.err);
  assert.match(run.err, /merging .*\d+%/);
});

/** Every bad input ends with exit code 2, a message naming the problem, and no output at all. */
async function refused(dir: string, args: string[], pattern: RegExp): Promise<void> {
  const run = await soce(dir, args);
  assert.equal(run.code, 2, `${args.join(' ')}\n${run.err}`);
  assert.match(run.err, pattern);
  assert.deepEqual(await outputEntries(dir), [], 'no output or temporary directory is left');
}

test('malformed inputs exit 2 with a clear message and no output directory', async (t) => {
  const { dir, tensors } = await workspace(t);
  const ab = ['--out', 'soup', '--model', 'a:0.5', '--model', 'bad:0.5'];

  await mkdir(join(dir, 'bad'));
  await writeFile(join(dir, 'bad', 'model.safetensors'), new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 123]));
  await refused(dir, ab, /bad\/model\.safetensors: the header claims \d+ bytes, more than the 100000000-byte limit/);

  await rm(join(dir, 'bad'), { recursive: true });
  await writeSharded(join(dir, 'bad'), tensors[1]!, Object.fromEntries(tensors[1]!.map((x) => [x.name, '../a/model.safetensors'])));
  await refused(dir, ab, /maps tensors to "\.\.\/a\/model\.safetensors", which is not a file name inside the checkpoint directory/);

  await rm(join(dir, 'bad'), { recursive: true });
  await writeSingle(join(dir, 'bad'), tensors[1]!.filter((x) => x.name !== 'model.norm.weight'));
  await refused(dir, ab, /tensor model\.norm\.weight is missing from bad \(present in a\)/);

  await writeSingle(join(dir, 'bad'), tensors[1]!.map((x) => (x.name === 'model.norm.weight' ? bf16(x.name, [17], 1) : x)));
  await refused(dir, ab, /tensor model\.norm\.weight has shape \[16\] in a but \[17\] in bad/);

  await writeSingle(join(dir, 'bad'), tensors[1]!.map((x) => (x.name === 'model.norm.weight' ? { ...x, dtype: 'F16' as const } : x)));
  await refused(dir, ab, /tensor model\.norm\.weight is BF16 in a but F16 in bad/);

  await writeSingle(join(dir, 'bad'), tensors[1]!.map((x) => (x.dtype === 'I64' ? i64(x.name, [0, 1, 2, 3, 4, 5, 6, 9]) : x)));
  await refused(dir, ab, /tensor model\.rotary\.positions \(I64\) differs between a and bad/);

  await refused(dir, ['--out', 'soup', '--model', 'a:0.5', '--model', 'c:0.4'], /weights sum to 0\.9, not 1; fix them, or set normalize to divide them by their sum\nhint: --normalize/);
  await refused(dir, ['--out', 'soup', '--model', 'a:-0.5', '--model', 'c:1.5'], /model a has weight -0\.5/);
  await refused(dir, ['--out', 'soup', '--model', 'a'], /--model a: write PATH:WEIGHT/);
  await refused(dir, ['--out', 'soup', '--model', 'nowhere:1'], /nowhere does not exist/);
  await refused(dir, ['--model', 'a:1'], /--out is required/);
  await refused(dir, ['--out', 'soup'], /nothing to merge/);
  await refused(dir, ['--out', 'soup', '--model', 'a:1', '--shard-size', 'big'], /"big" is not a size/);
  await refused(dir, ['--out', 'soup', '--model', 'a:1', '--out-dtype', 'f8'], /Allowed choices are bf16, f16, f32/);

  await writeFile(join(dir, 'ties.yaml'), 'models:\n  - model: a\n    parameters: {weight: 1, density: 0.5}\nmerge_method: ties\nbase_model: a\n');
  await refused(dir, ['--out', 'soup', '--config', 'ties.yaml'], /ties\.yaml: merge_method "ties" is not supported/);
  await writeFile(join(dir, 'slices.yaml'), 'slices:\n  - sources: [{model: a, layer_range: [0, 1]}]\nmerge_method: linear\n');
  await refused(dir, ['--out', 'soup', '--config', 'slices.yaml'], /mergekit's slices is not supported/);
  await writeFile(join(dir, 'density.yaml'), 'models:\n  - model: a\n    parameters: {weight: 1, density: 0.5}\nmerge_method: linear\n');
  await refused(dir, ['--out', 'soup', '--config', 'density.yaml'], /models\[0\]\.parameters\.density is not a parameter of linear merges/);
  await writeFile(join(dir, 'typo.yaml'), 'models:\n  - path: a\n    weight: 1\nnormalise: true\n');
  await refused(dir, ['--out', 'soup', '--config', 'typo.yaml'], /typo\.yaml: .*normalise/);
  await refused(dir, ['--out', 'soup', '--config', 'typo.yaml', '--model', 'a:1'], /either --config or --model/);

  await mkdir(join(dir, 'soup'));
  await writeFile(join(dir, 'soup', 'keep.txt'), 'mine');
  const exists = await soce(dir, ['--out', 'soup', '--model', 'a:1']);
  assert.equal(exists.code, 2);
  assert.match(exists.err, /soup already exists; choose a new directory, or set overwrite to replace it\n.*--overwrite/);
  assert.equal(await readFile(join(dir, 'soup', 'keep.txt'), 'utf8'), 'mine');
  // --overwrite replaces only a soup soce wrote: this directory is the user's.
  const notOurs = await soce(dir, ['--out', 'soup', '--model', 'a:1', '--overwrite']);
  assert.equal(notOurs.code, 2, notOurs.err);
  assert.match(notOurs.err, /soup exists and is not a soup written by soce \(it has no \.soce-output\.json\); the overwrite option replaces only soce's own soups/);
  assert.equal(await readFile(join(dir, 'soup', 'keep.txt'), 'utf8'), 'mine');
  assert.deepEqual(await outputEntries(dir), ['soup']);
  await rm(join(dir, 'soup'), { recursive: true });
  assert.equal((await soce(dir, ['--out', 'soup', '--model', 'a:1'])).code, 0);
  const overwritten = await soce(dir, ['--out', 'soup', '--model', 'c:1', '--overwrite']);
  assert.equal(overwritten.code, 0, overwritten.err);
  assert.deepEqual(await outputEntries(dir), ['soup']);
});

test('--out that is, holds or lies inside an input, the working or the home directory: exit 2, nothing touched (--overwrite or not)', async (t) => {
  const { dir } = await workspace(t);
  const home = join(dir, 'home');
  await mkdir(home);
  await writeFile(join(home, 'notes.txt'), 'mine');
  const before = async () => ({ top: (await readdir(dir)).sort(), a: (await readdir(join(dir, 'a'))).sort(), home: await readdir(home) });
  const snapshot = await before();
  const previousHome = process.env['HOME'];
  process.env['HOME'] = home;
  try {
    const cases: [string, RegExp][] = [
      ['.', /^soce: the output directory .* contains the input a \(.*\/a\); soce writes its output directory as a whole and may replace it, so give it a new directory of its own, away from the inputs, the working directory and your home directory \(such as \.\/soup\)\n$/],
      ['', /contains the input a/],
      ['..', /contains the input a/],
      ['a', /^soce: the output directory .*\/a is the input a;/],
      ['a/soup', /^soce: the output directory .*\/a\/soup is inside the input a;/],
      [home, /^soce: the output directory .*\/home is your home directory;/],
    ];
    for (const [out, message] of cases) {
      for (const overwrite of [[], ['--overwrite']]) {
        const run = await soce(dir, ['--out', out, '--model', 'a:0.5', '--model', 'c:0.5', ...overwrite]);
        assert.equal(run.code, 2, `--out ${JSON.stringify(out)} ${overwrite.join('')}: ${run.err}`);
        assert.match(run.err, message);
      }
    }
    const elsewhere = await mkdtemp(join(tmpdir(), 'soce-cwd-'));
    t.after(() => rm(elsewhere, { recursive: true, force: true }));
    const cwd = await soce(elsewhere, ['--out', '.', '--model', `${join(dir, 'a')}:1`, '--overwrite']);
    assert.equal(cwd.code, 2);
    assert.match(cwd.err, /^soce: the output directory .* is the working directory;/);
  } finally {
    if (previousHome === undefined) delete process.env['HOME'];
    else process.env['HOME'] = previousHome;
  }
  assert.deepEqual(await before(), snapshot, 'every input and directory is as it was');
  assert.equal(await readFile(join(home, 'notes.txt'), 'utf8'), 'mine');
});

test('--normalize with weights whose sum overflows makes the same soup as their proportions (flags and mergekit recipes)', async (t) => {
  const { dir } = await workspace(t);
  await refused(dir, ['--out', 'soup', '--model', 'a:1e308', '--model', 'c:1e308'], /the weights sum to more than the largest float, not 1/);
  const proportional = await soce(dir, ['--out', 'soup-half', '--model', 'a:1', '--model', 'c:1', '--normalize', '--backend', 'cpu']);
  assert.equal(proportional.code, 0, proportional.err);
  const huge = await soce(dir, ['--out', 'soup-huge', '--model', 'a:1e308', '--model', 'c:1e308', '--normalize', '--backend', 'cpu', '--format', 'json']);
  assert.equal(huge.code, 0, huge.err);
  assert.deepEqual((JSON.parse(huge.out) as { models: unknown }).models, [{ model: 'a', weight: 0.5 }, { model: 'c', weight: 0.5 }]);
  await writeFile(join(dir, 'huge.yaml'), 'models:\n  - model: a\n    parameters: {weight: 1.5e308}\n  - model: c\n    parameters: {weight: 1.5e308}\nmerge_method: linear\n');
  const recipe = await soce(dir, ['--config', 'huge.yaml', '--out', 'soup-recipe', '--backend', 'cpu']);
  assert.equal(recipe.code, 0, recipe.err);
  const expected = await readSafetensorsByHand(join(dir, 'soup-half', 'model.safetensors'));
  for (const out of ['soup-huge', 'soup-recipe']) {
    const soup = await readSafetensorsByHand(join(dir, out, 'model.safetensors'));
    assert.equal(soup.tensors.size, 6);
    for (const [name, tensor] of expected.tensors) assert.deepEqual(soup.tensors.get(name)!.data, tensor.data, `${out}: ${name}`);
  }
});

test('side files: a link out of the checkpoint is refused with exit 2; a private tokenizer stays private in the soup', async (t) => {
  const { dir } = await workspace(t);
  await writeFile(join(dir, 'secret.model'), 'not for publishing');
  await symlink(join(dir, 'secret.model'), join(dir, 'a', 'tokenizer.model'));
  await refused(dir, ['--out', 'soup', '--model', 'a:0.5', '--model', 'c:0.5'], /^soce: .*\/a\/tokenizer\.model is a link to .*\/secret\.model, outside the checkpoint .*\/a; soce copies config and tokenizer files only from inside a checkpoint \(or from its Hugging Face cache\), since a soup may be published: copy the file into the checkpoint in place of the link, or copy these files from another directory \(copyFrom\)\nhint: --copy-from DIR copies config and tokenizer files from another directory\n$/);
  await rm(join(dir, 'a', 'tokenizer.model'));
  await writeFile(join(dir, 'a', 'tokenizer.model'), 'private');
  await chmod(join(dir, 'a', 'tokenizer.model'), 0o600);
  const run = await soce(dir, ['--out', 'soup', '--model', 'a:0.5', '--model', 'c:0.5']);
  assert.equal(run.code, 0, run.err);
  assert.equal((await stat(join(dir, 'soup', 'tokenizer.model'))).mode & 0o777, 0o600);
});

test('a checkpoint whose header starts with whitespace, as safetensors 0.8 writes and reads, merges', async (t) => {
  const { dir, tensors } = await workspace(t);
  const file = encodeSafetensors(tensors[2]!, { format: 'pt' });
  const length = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const json = new TextDecoder().decode(file.subarray(8, 8 + length)).trimEnd();
  // The same header, its padding moved in front of the JSON.
  const header = new TextEncoder().encode(`${' '.repeat(length - json.length)}${json}`);
  await writeFile(join(dir, 'c', 'model.safetensors'), new Uint8Array([...file.subarray(0, 8), ...header, ...file.subarray(8 + length)]));
  const run = await soce(dir, ['--out', 'soup', '--model', 'a:0.5', '--model', 'c:0.5', '--backend', 'cpu']);
  assert.equal(run.code, 0, run.err);
});
