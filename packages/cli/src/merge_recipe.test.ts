import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDtypeName, parseMergeRecipe, parseModelOption } from './merge_recipe.ts';
import { UsageError } from './usage_error.ts';

test('--model splits at the last colon, so paths may hold colons', () => {
  assert.deepEqual(parseModelOption('./a:0.5'), { model: './a', weight: 0.5 });
  assert.deepEqual(parseModelOption('C:\\models\\x:1'), { model: 'C:\\models\\x', weight: 1 });
  assert.deepEqual(parseModelOption('hf:org/model: 0.25'), { model: 'hf:org/model', weight: 0.25 });
  for (const bad of ['a', 'a:', ':0.5', 'a:x', 'a:Infinity']) assert.throws(() => parseModelOption(bad), UsageError, bad);
});

test('dtype names in both spellings', () => {
  assert.equal(parseDtypeName('bf16'), 'BF16');
  assert.equal(parseDtypeName('bfloat16'), 'BF16');
  assert.equal(parseDtypeName('Float16'), 'F16');
  assert.equal(parseDtypeName('fp32'), 'F32');
  assert.equal(parseDtypeName('int8'), undefined);
});

test('a soce recipe maps to the merge options', () => {
  const recipe = parseMergeRecipe('models:\n  - {path: a, weight: 0.7}\n  - {path: b, weight: 0.3}\nnormalize: true\nout: s\nout_dtype: bfloat16\nshard_size: 2GB\ncopy_from: b\nmissing: merge-present\nbackend: cpu\n', 'r.yaml');
  assert.deepEqual(recipe, {
    models: [{ model: 'a', weight: 0.7 }, { model: 'b', weight: 0.3 }],
    normalize: true, out: 's', outDtype: 'BF16', shardSize: '2GB', copyFrom: 'b', missing: 'merge-present', backend: 'cpu',
  });
});

test('a mergekit linear recipe: default weight, normalize defaulting to true, out_dtype over dtype', () => {
  const recipe = parseMergeRecipe('models:\n  - model: a\n  - model: b\n    parameters:\n      weight: 2\nmerge_method: linear\nbase_model: a\nparameters:\n  weight: 1\ndtype: float32\nout_dtype: float16\n', 'm.yaml');
  assert.deepEqual(recipe, { models: [{ model: 'a', weight: 1 }, { model: 'b', weight: 2 }], normalize: true, outDtype: 'F16' });
  assert.equal(parseMergeRecipe('models: [{model: a, parameters: {weight: 1}}]\nmerge_method: linear\nparameters: {normalize: false}\n', 'm.yaml').normalize, false);
});

test('recipes soce cannot honour are refused by name', () => {
  const refuses = (text: string, pattern: RegExp): void => assert.throws(() => parseMergeRecipe(text, 'r.yaml'), (e: unknown) => e instanceof UsageError && pattern.test(e.message));
  refuses('merge_method: slerp\nmodels: []\n', /merge_method "slerp" is not supported/);
  refuses('merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}]\ntokenizer_source: union\n', /tokenizer_source is not supported/);
  refuses('merge_method: linear\nmodels: [{model: a, parameters: {weight: [0, 1]}}]\n', /per-tensor weights/);
  refuses('merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}]\nparameters: {int8_mask: true}\n', /parameters\.int8_mask is not supported/);
  refuses('merge_method: linear\nmodels: [{model: a}]\n', /models\.0 \(a\) has no parameters\.weight/);
  refuses('merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}]\nmystery: 1\n', /mystery/);
  refuses('models: [{path: a, weight: 1}]\nout_dtype: int8\n', /out_dtype: must be bf16, f16 or f32/);
  refuses('models: [{path: a, weight: 1, extra: 2}]\n', /models\.0: .*extra/);
  refuses('models: []\n', /models/);
  refuses('- a\n- b\n', /a YAML mapping with a models list/);
  refuses('models: [\n', /not valid YAML/);
});
