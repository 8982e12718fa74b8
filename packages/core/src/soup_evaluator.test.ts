import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bf16ToF32, createCpuBackend, f32ToBf16, joinPath, loadTensors, MemoryFileSystem, saveCheckpoint, type MergeSummary, type Tensor } from '@soce/tensors';
import { evaluationId } from './evaluator.ts';
import { soupEvaluator, type SoupEvaluatorOptions } from './soup_evaluator.ts';

const f32 = (values: readonly number[]): Uint8Array => new Uint8Array(new Float32Array(values).buffer);
const bf16 = (values: readonly number[]): Uint8Array => new Uint8Array(new Uint16Array(values.map(f32ToBf16)).buffer);
const i32 = (values: readonly number[]): Uint8Array => new Uint8Array(new Int32Array(values).buffer);

function decode(tensor: Tensor | undefined): number[] {
  assert.ok(tensor !== undefined);
  const view = new DataView(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  if (tensor.dtype === 'F32') return Array.from({ length: tensor.data.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
  if (tensor.dtype === 'BF16') return Array.from({ length: tensor.data.byteLength / 2 }, (_, i) => bf16ToF32(view.getUint16(2 * i, true)));
  return Array.from({ length: tensor.data.byteLength / 4 }, (_, i) => view.getInt32(4 * i, true));
}

/** `Σ w_j·x_j` as the merge specifies it: f32 weights, products and sums in f32, in input order. */
function f32Soup(weights: readonly number[], inputs: readonly (readonly number[])[]): number[] {
  return inputs[0]!.map((_, i) =>
    weights.reduce((acc, w, j) => Math.fround(acc + Math.fround(Math.fround(w) * Math.fround(inputs[j]![i]!))), 0),
  );
}

const W = { a: [1, 0, 0], b: [0, 1, 0], c: [0, 0, 1] };
const H = { a: [1.5, -2], b: [0.25, 8], c: [-3, 0.125] };

/** Three candidates: an F32 corner `w`, a BF16 `h` and an identical I32 `position_ids`. */
async function world(options: Partial<SoupEvaluatorOptions> = {}) {
  const fs = new MemoryFileSystem();
  for (const name of ['a', 'b', 'c'] as const) {
    await saveCheckpoint(
      fs,
      `/models/${name}`,
      [
        { name: 'w', dtype: 'F32', shape: [3], data: f32(W[name]) },
        { name: 'h', dtype: 'BF16', shape: [2], data: bf16(H[name]) },
        { name: 'position_ids', dtype: 'I32', shape: [3], data: i32([0, 1, 2]) },
      ],
      { config: { model_type: 'toy' } },
    );
  }
  const calls: { dir: string; weights: Readonly<Record<string, number>>; kind: string | undefined; tensors: Map<string, Tensor> }[] = [];
  const merges: MergeSummary[] = [];
  const evaluate = soupEvaluator({
    fs,
    candidates: { a: '/models/a', b: '/models/b', c: '/models/c' },
    backend: createCpuBackend(),
    workDir: '/run/soups',
    evaluate: async (dir, weights) => {
      calls.push({ dir, weights, kind: await fs.kind(dir), tensors: await loadTensors(fs, dir) });
      return { alpha: 1 };
    },
    onMerge: (summary) => merges.push(summary),
    ...options,
  });
  return { fs, calls, merges, evaluate };
}

test('a soup is merged into workDir/<evaluation id>, evaluated there, and deleted afterwards', async () => {
  const { fs, calls, merges, evaluate } = await world();
  const weights = { a: 0.5, b: 0.3, c: 0.2 };
  assert.deepEqual(await evaluate(weights), { alpha: 1 });
  assert.equal(calls.length, 1);
  const call = calls[0]!;
  const soupDir = joinPath('/run/soups', evaluationId(weights));
  assert.equal(call.dir, soupDir);
  assert.equal(call.kind, 'directory');
  assert.deepEqual(call.weights, weights);
  assert.deepEqual(decode(call.tensors.get('w')), f32Soup([0.5, 0.3, 0.2], [W.a, W.b, W.c]));
  assert.deepEqual(decode(call.tensors.get('w')), [0.5, 0.3, 0.2].map(Math.fround));
  assert.equal(call.tensors.get('h')?.dtype, 'BF16');
  assert.deepEqual(decode(call.tensors.get('h')), f32Soup([0.5, 0.3, 0.2], [H.a, H.b, H.c]).map((x) => bf16ToF32(f32ToBf16(x))));
  assert.deepEqual(decode(call.tensors.get('position_ids')), [0, 1, 2], 'integer tensors are copied, not averaged');
  assert.equal(merges.length, 1);
  assert.equal(merges[0]!.out, soupDir);
  assert.deepEqual([merges[0]!.merged, merges[0]!.copied], [2, 1]);
  assert.equal(await fs.kind(soupDir), undefined, 'the soup is deleted after its evaluation');
  assert.deepEqual(await fs.list('/run/soups'), []);
});

test('zero weights leave a candidate out of the merge', async () => {
  const { calls, merges, evaluate } = await world();
  await evaluate({ a: 0.25, b: 0, c: 0.75 });
  assert.deepEqual(merges[0]!.models.map((m) => m.model), ['/models/a', '/models/c']);
  assert.deepEqual(decode(calls[0]!.tensors.get('w')), [0.25, 0, 0.75]);
});

test('keepSoups keeps every soup, and outDtype sets its float type', async () => {
  const { fs, evaluate, calls } = await world({ keepSoups: true, outDtype: 'BF16' });
  await evaluate({ a: 0.5, b: 0.5, c: 0 });
  await evaluate({ a: 0, b: 0.5, c: 0.5 });
  const kept = (await fs.list('/run/soups')).sort();
  assert.deepEqual(kept, [evaluationId({ a: 0, b: 0.5, c: 0.5 }), evaluationId({ a: 0.5, b: 0.5, c: 0 })].sort());
  for (const dir of kept) assert.equal(await fs.kind(`/run/soups/${dir}/model.safetensors`), 'file');
  assert.equal(calls[0]!.tensors.get('w')?.dtype, 'BF16');
  assert.deepEqual(decode(calls[0]!.tensors.get('w')), [0.5, 0.5, 0]);
});

test('a single candidate is evaluated in place, without a merge', async () => {
  const { fs, calls, merges, evaluate } = await world();
  await evaluate({ a: 0, b: 1, c: 0 });
  assert.equal(calls[0]!.dir, '/models/b');
  assert.deepEqual(calls[0]!.weights, { a: 0, b: 1, c: 0 });
  assert.equal(merges.length, 0);
  assert.equal(await fs.kind('/run/soups'), undefined);
  assert.equal(await fs.kind('/models/b/model.safetensors'), 'file', 'the candidate is left alone');
});

test('a failed evaluation still deletes its soup, and the error passes through', async () => {
  const fs = (await world()).fs;
  const evaluate = soupEvaluator({
    fs,
    candidates: { a: '/models/a', b: '/models/b' },
    backend: createCpuBackend(),
    workDir: '/run/soups',
    evaluate: async () => {
      throw new Error('benchmark crashed');
    },
  });
  await assert.rejects(evaluate({ a: 0.5, b: 0.5 }), /benchmark crashed/);
  assert.deepEqual(await fs.list('/run/soups'), []);
});

test('weighting a model that is not a candidate is an error before anything is merged', async () => {
  const { fs, calls, evaluate } = await world();
  await assert.rejects(evaluate({ a: 0.5, zed: 0.5 }), /"zed" is weighted but is not a candidate/);
  assert.equal(calls.length, 0);
  assert.equal(await fs.kind('/run/soups'), undefined);
});
