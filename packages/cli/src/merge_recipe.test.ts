import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { f32ToBf16, parseFloatDtype, saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { runCli } from './program.ts';
import { parseMergeRecipe, parseModelOption } from './merge_recipe.ts';
import { UsageError } from './usage_error.ts';

test('--model splits at the last colon, so paths may hold colons', () => {
  assert.deepEqual(parseModelOption('./a:0.5'), { model: './a', weight: 0.5 });
  assert.deepEqual(parseModelOption('C:\\models\\x:1'), { model: 'C:\\models\\x', weight: 1 });
  assert.deepEqual(parseModelOption('hf:org/model: 0.25'), { model: 'hf:org/model', weight: 0.25 });
  for (const bad of ['a', 'a:', ':0.5', 'a:x', 'a:Infinity']) assert.throws(() => parseModelOption(bad), UsageError, bad);
});

test('dtype names in every spelling recipes use', () => {
  assert.equal(parseFloatDtype('bf16'), 'BF16');
  assert.equal(parseFloatDtype('BF16'), 'BF16');
  assert.equal(parseFloatDtype('bfloat16'), 'BF16');
  assert.equal(parseFloatDtype('Float16'), 'F16');
  assert.equal(parseFloatDtype('fp32'), 'F32');
  assert.equal(parseFloatDtype('int8'), undefined);
});

test('a soce recipe maps to the merge settings', () => {
  const recipe = parseMergeRecipe('models:\n  - {path: a, weight: 0.7}\n  - {path: b, weight: 0.3}\nnormalize: true\nout: s\nout_dtype: bfloat16\nshard_size: 2GB\ncopy_from: b\nmissing: merge-present\nbackend: cpu\nbase_model: org/base\n', 'r.yaml');
  assert.deepEqual(recipe, {
    models: [{ model: 'a', weight: 0.7 }, { model: 'b', weight: 0.3 }],
    normalize: true, out: 's', outDtype: 'BF16', maxShardBytes: 2e9, copyFrom: 'b', missing: 'merge-present', backend: 'cpu', baseModel: 'org/base',
  });
  assert.throws(() => parseMergeRecipe('models: [{path: a, weight: 1}]\nshard_size: big\n', 'r.yaml'), { name: 'UsageError', message: /^r\.yaml: shard_size: "big" is not a size/ });
});

test('a mergekit linear recipe: default weight, normalize defaulting to true, out_dtype over dtype', () => {
  const recipe = parseMergeRecipe('models:\n  - model: a\n  - model: b\n    parameters:\n      weight: 2\nmerge_method: linear\nbase_model: a\nparameters:\n  weight: 1\ndtype: float32\nout_dtype: float16\n', 'm.yaml');
  assert.deepEqual(recipe, { models: [{ model: 'a', weight: 1 }, { model: 'b', weight: 2 }], normalize: true, outDtype: 'F16', baseModel: 'a' });
  assert.equal(parseMergeRecipe('models: [{model: a, parameters: {weight: 1}}]\nmerge_method: linear\nparameters: {normalize: false}\n', 'm.yaml').normalize, false);
});

test('recipes soce cannot honour are refused by name', () => {
  const refuses = (text: string, pattern: RegExp): void => assert.throws(() => parseMergeRecipe(text, 'r.yaml'), (e: unknown) => e instanceof UsageError && pattern.test(e.message));
  refuses('merge_method: slerp\nmodels: []\n', /merge_method "slerp" is not supported/);
  refuses('merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}]\ntokenizer_source: union\n', /tokenizer_source is not supported/);
  refuses('merge_method: linear\nmodels: [{model: a, parameters: {weight: [0, 1]}}]\n', /per-tensor weights/);
  refuses('merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}]\nparameters: {int8_mask: true}\n', /parameters\.int8_mask is not supported/);
  refuses('merge_method: linear\nmodels: [{model: a}]\n', /models\[0\] \(a\) has no parameters\.weight/);
  refuses('merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}]\nmystery: 1\n', /mystery/);
  refuses('models: [{path: a, weight: 1}]\nout_dtype: int8\n', /out_dtype: must be bf16, f16 or f32/);
  refuses('models: [{path: a, weight: 1, extra: 2}]\n', /r\.yaml: unknown key "models\[0\]\.extra"/);
  refuses('models: []\n', /models/);
  refuses('- a\n- b\n', /a YAML mapping with a models list/);
  refuses('models: [\n', /not valid YAML/);
});

test('the mergekit_config.yml beside a soup rebuilds the identical soup with soce merge --config, from anywhere', async () => {
  const root = await mkdtemp(join(tmpdir(), 'soce-recipe-roundtrip-'));
  try {
    const bf16 = (values: number[]) => new Uint8Array(new Uint16Array(values.map(f32ToBf16)).buffer);
    for (const [i, name] of ['xlam', 'toolace', 'watt'].entries()) {
      await saveCheckpoint(nodeFileSystem, join(root, 'models', name), [
        { name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [2, 3], data: bf16([1, 2, 3, 4, 5, 6].map((x) => x * (i + 1) / 7)) },
        { name: 'model.norm.weight', dtype: 'F32', shape: [3], data: new Uint8Array(new Float32Array([i, i / 3, -i]).buffer) },
      ], { config: { architectures: ['LlamaForCausalLM'], torch_dtype: 'bfloat16' } });
    }
    await mkdir(join(root, 'first'));
    await mkdir(join(root, 'second'));
    const io = (cwd: string) => ({ out: () => undefined, err: (t: string) => void process.stderr.write(t), interactive: false, cwd });
    // Weights a user types (a third does not sum exactly), normalised, bf16 output.
    const first = await runCli(['merge', '--out', 'soup', '--model', '../models/xlam:1', '--model', `${join(root, 'models', 'toolace')}:1`, '--model', '../models/watt:1', '--normalize', '--out-dtype', 'bf16', '--backend', 'cpu'], io(join(root, 'first')));
    assert.equal(first, 0);
    // From another directory, with the recipe given by its path: its paths are relative to the recipe.
    const second = await runCli(['merge', '--config', join(root, 'first', 'soup', 'mergekit_config.yml'), '--out', join(root, 'second', 'soup'), '--backend', 'cpu'], io(tmpdir()));
    assert.equal(second, 0);
    const files = (await readdir(join(root, 'first', 'soup'))).sort();
    assert.deepEqual(files, ['.soce-output.json', 'README.md', 'config.json', 'mergekit_config.yml', 'model.safetensors']);
    assert.deepEqual((await readdir(join(root, 'second', 'soup'))).sort(), files);
    for (const file of files) {
      assert.deepEqual(await readFile(join(root, 'second', 'soup', file)), await readFile(join(root, 'first', 'soup', file)), `${file} is identical`);
    }
    const recipe = parseMergeRecipe(await readFile(join(root, 'first', 'soup', 'mergekit_config.yml'), 'utf8'), 'mergekit_config.yml');
    assert.deepEqual(recipe.models.map((m) => m.model), ['../../models/xlam', '../../models/toolace', '../../models/watt']);
    assert.equal(recipe.normalize, false);
    assert.equal(recipe.outDtype, 'BF16');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
