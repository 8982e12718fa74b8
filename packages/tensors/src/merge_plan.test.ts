import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dtype } from './dtype.ts';
import { MergeError, type MergeErrorCode } from './merge_error.ts';
import { planMerge, type PlanInput } from './merge_plan.ts';
import type { TensorInfo } from './safetensors_header.ts';

const BYTES: Partial<Record<Dtype, number>> = { F32: 4, BF16: 2, F16: 2, I64: 8, BOOL: 1 };

function model(label: string, weight: number, tensors: [string, Dtype, number[]][], config?: Record<string, unknown>): PlanInput {
  const infos = tensors.map(([name, dtype, shape]): TensorInfo => ({ name, dtype, shape, offset: 0, byteLength: shape.reduce((a, b) => a * b, 1) * BYTES[dtype]! }));
  return { label, weight, tensors: new Map(infos.map((t) => [t.name, t])), config };
}

function refuses(inputs: PlanInput[], code: MergeErrorCode, ...patterns: RegExp[]): void {
  assert.throws(() => planMerge(inputs), (error: unknown) => {
    assert.ok(error instanceof MergeError, String(error));
    assert.equal(error.code, code, error.message);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  });
}

const llama: [string, Dtype, number[]][] = [
  ['model.embed_tokens.weight', 'BF16', [8, 4]],
  ['model.layers.0.mlp.weight', 'BF16', [4, 4]],
  ['model.norm.weight', 'F32', [4]],
  ['position_ids', 'I64', [1, 8]],
  ['lm_head.weight', 'BF16', [8, 4]],
];

test('floats are merged, other types copied, dtypes kept unless an output dtype is asked', () => {
  const plan = planMerge([model('a', 0.5, llama), model('b', 0.5, llama)]);
  assert.deepEqual(plan.tensors.map((t) => [t.name, t.action, t.dtype]), [
    ['model.embed_tokens.weight', 'merge', 'BF16'],
    ['model.layers.0.mlp.weight', 'merge', 'BF16'],
    ['model.norm.weight', 'merge', 'F32'],
    ['position_ids', 'copy', 'I64'],
    ['lm_head.weight', 'merge', 'BF16'],
  ]);
  assert.deepEqual(plan.tensors[0]!.sources.map((s) => [s.model, s.weight]), [[0, 0.5], [1, 0.5]]);
  assert.equal(plan.floatDtype, 'BF16');
  assert.equal(plan.totalBytes, 64 + 32 + 16 + 64 + 64);
  assert.deepEqual(plan.shards.map((s) => s.name), ['model.safetensors']);
  const f32 = planMerge([model('a', 1, llama)], { outDtype: 'F32' });
  assert.deepEqual(f32.tensors.map((t) => [t.dtype, t.byteLength]), [['F32', 128], ['F32', 64], ['F32', 16], ['I64', 64], ['F32', 128]]);
  assert.equal(f32.floatDtype, 'F32');
});

test('shards follow the size limit and are named as transformers names them', () => {
  const plan = planMerge([model('a', 1, llama)], { maxShardBytes: 100 });
  assert.deepEqual(plan.shards.map((s) => [s.name, s.tensors.map((t) => t.name), s.byteLength]), [
    ['model-00001-of-00003.safetensors', ['model.embed_tokens.weight', 'model.layers.0.mlp.weight'], 96],
    ['model-00002-of-00003.safetensors', ['model.norm.weight', 'position_ids'], 80],
    ['model-00003-of-00003.safetensors', ['lm_head.weight'], 64],
  ]);
  assert.deepEqual(planMerge([model('a', 1, [])]).shards.map((s) => s.name), ['model.safetensors']);
});

test('every mismatch is reported at once, naming tensors and models', () => {
  const other: [string, Dtype, number[]][] = [
    ['model.embed_tokens.weight', 'BF16', [8, 5]],
    ['model.layers.0.mlp.weight', 'F16', [4, 4]],
    ['model.norm.weight', 'F32', [4]],
    ['position_ids', 'I64', [1, 8]],
  ];
  refuses([model('a', 0.5, llama), model('b', 0.5, other)], 'shape-mismatch',
    /model\.embed_tokens\.weight has shape \[8, 4\] in a but \[8, 5\] in b/,
    /model\.layers\.0\.mlp\.weight is BF16 in a but F16 in b/,
    /lm_head\.weight is missing from b \(present in a\)/);
});

test('a missing tensor can be merged from the models that have it, weights renormalised', () => {
  const partial = llama.filter(([name]) => name !== 'model.norm.weight');
  refuses([model('a', 0.2, llama), model('b', 0.3, partial), model('c', 0.5, llama)], 'missing-tensor', /model\.norm\.weight is missing from b \(present in a, c\)/);
  const plan = planMerge([model('a', 0.2, llama), model('b', 0.3, partial), model('c', 0.5, llama)], { missing: 'merge-present' });
  const norm = plan.tensors.find((t) => t.name === 'model.norm.weight')!;
  assert.deepEqual(norm.sources.map((s) => s.model), [0, 2]);
  assert.ok(Math.abs(norm.sources[0]!.weight - 0.2 / 0.7) < 1e-15 && Math.abs(norm.sources[1]!.weight - 0.5 / 0.7) < 1e-15);
});

test('a model with tied embeddings contributes its input embedding to lm_head.weight', () => {
  const tied = llama.filter(([name]) => name !== 'lm_head.weight');
  const plan = planMerge([model('untied', 0.5, llama), model('tied', 0.5, tied, { tie_word_embeddings: true })]);
  const head = plan.tensors.find((t) => t.name === 'lm_head.weight')!;
  assert.deepEqual(head.sources.map((s) => [s.model, s.tensor.name]), [[0, 'lm_head.weight'], [1, 'model.embed_tokens.weight']]);
  assert.equal(plan.untiesLmHead, true);
  // Without the config saying so, a missing head is just missing.
  refuses([model('untied', 0.5, llama), model('tied', 0.5, tied)], 'missing-tensor', /lm_head\.weight is missing from tied/);
  // All tied: nothing to untie.
  const allTied = planMerge([model('x', 0.5, tied, { tie_word_embeddings: true }), model('y', 0.5, tied, { tie_word_embeddings: true })]);
  assert.equal(allTied.untiesLmHead, false);
  assert.ok(!allTied.tensors.some((t) => t.name === 'lm_head.weight'));
});

test('tensors only later models have come after the first model\'s, in their order', () => {
  const plan = planMerge([model('a', 0.5, [['x', 'F32', [1]]]), model('b', 0.5, [['y', 'F32', [1]], ['x', 'F32', [1]]])], { missing: 'merge-present' });
  assert.deepEqual(plan.tensors.map((t) => t.name), ['x', 'y']);
});
