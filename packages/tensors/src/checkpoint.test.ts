import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTensors, openCheckpoint } from './checkpoint.ts';
import { CheckpointError, type CheckpointErrorCode } from './checkpoint_error.ts';
import { MemoryFileSystem } from './memory_file_system.ts';
import { SafetensorsError } from './safetensors_error.ts';
import { encodeSafetensors, type Tensor } from './safetensors_writer.ts';
import { saveCheckpoint } from './save_checkpoint.ts';

const u8 = (name: string, ...values: number[]): Tensor => ({ name, dtype: 'U8', shape: [values.length], data: new Uint8Array(values) });

function sharded(weightMap: Record<string, string>, shards: Record<string, Tensor[]>): MemoryFileSystem {
  const files: Record<string, Uint8Array | string> = { 'm/model.safetensors.index.json': JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }) };
  for (const [name, tensors] of Object.entries(shards)) files[`m/${name}`] = encodeSafetensors(tensors);
  return new MemoryFileSystem(files);
}

async function rejectsWith(fs: MemoryFileSystem, path: string, code: CheckpointErrorCode, pattern: RegExp): Promise<void> {
  await assert.rejects(openCheckpoint(fs, path), (error: unknown) => {
    assert.ok(error instanceof CheckpointError, String(error));
    assert.equal(error.name, 'CheckpointError');
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

test('a directory with model.safetensors and config.json', async () => {
  const fs = new MemoryFileSystem({ 'm/model.safetensors': encodeSafetensors([u8('b', 1), u8('a', 2, 3)]), 'm/config.json': '{"tie_word_embeddings":true}' });
  const checkpoint = await openCheckpoint(fs, 'm/');
  assert.equal(checkpoint.layout, 'single');
  assert.equal(checkpoint.directory, 'm');
  assert.deepEqual([...checkpoint.tensors.keys()], ['b', 'a'], 'storage order');
  assert.deepEqual(checkpoint.config, { tie_word_embeddings: true });
  assert.deepEqual(await checkpoint.read(checkpoint.tensors.get('a')!), new Uint8Array([2, 3]));
  assert.deepEqual(await checkpoint.read(checkpoint.tensors.get('a')!, 1, 1), new Uint8Array([3]));
  await checkpoint.close();
});

test('a bare .safetensors file is a checkpoint without a directory', async () => {
  const fs = new MemoryFileSystem({ 'w.safetensors': encodeSafetensors([u8('a', 1)]), 'config.json': '{}' });
  const checkpoint = await openCheckpoint(fs, 'w.safetensors');
  assert.equal(checkpoint.layout, 'file');
  assert.equal(checkpoint.directory, undefined);
  assert.equal(checkpoint.config, undefined);
  await checkpoint.close();
});

test('a sharded directory: tensors in shard order, read from their shard', async () => {
  const fs = sharded(
    { a: 'model-00001-of-00002.safetensors', b: 'model-00001-of-00002.safetensors', c: 'model-00002-of-00002.safetensors' },
    { 'model-00002-of-00002.safetensors': [u8('c', 9)], 'model-00001-of-00002.safetensors': [u8('a', 1), u8('b', 2, 2)] },
  );
  const checkpoint = await openCheckpoint(fs, 'm');
  assert.equal(checkpoint.layout, 'sharded');
  assert.deepEqual([...checkpoint.tensors.keys()], ['a', 'b', 'c']);
  assert.deepEqual(await checkpoint.read(checkpoint.tensors.get('c')!), new Uint8Array([9]));
  await checkpoint.close();
});

test('model.safetensors wins over an index, as transformers loads it', async () => {
  const fs = sharded({ a: 's.safetensors' }, { 's.safetensors': [u8('a', 1)] });
  fs.put('m/model.safetensors', encodeSafetensors([u8('x', 5)]));
  const checkpoint = await openCheckpoint(fs, 'm');
  assert.deepEqual([...checkpoint.tensors.keys()], ['x']);
  await checkpoint.close();
});

test('missing paths and directories without weights are named', async () => {
  await rejectsWith(new MemoryFileSystem(), 'nowhere', 'not-found', /nowhere does not exist/);
  await rejectsWith(new MemoryFileSystem({ 'm/pytorch_model.bin': 'x' }), 'm', 'no-weights', /neither model\.safetensors nor model\.safetensors\.index\.json/);
});

test('shard names that would leave the directory are refused before anything is opened', async () => {
  for (const shard of ['../other/model.safetensors', '/etc/passwd', 'sub/model.safetensors', 'sub\\model.safetensors', '..', 'C:model.safetensors', '']) {
    const fs = sharded({ a: shard }, {});
    fs.put('other/model.safetensors', encodeSafetensors([u8('a', 1)]));
    await rejectsWith(fs, 'm', 'shard-escapes', /not a file name inside the checkpoint directory/);
  }
});

test('an index that disagrees with its shards is refused, naming tensor and shard', async () => {
  await rejectsWith(sharded({ a: 's1.safetensors' }, {}), 'm', 'index-mismatch', /lists shard s1\.safetensors, but .* does not exist/);
  await rejectsWith(sharded({ a: 's1.safetensors', z: 's1.safetensors' }, { 's1.safetensors': [u8('a', 1)] }), 'm', 'index-mismatch', /maps tensor z to s1\.safetensors, which does not hold it/);
  await rejectsWith(sharded({ a: 's1.safetensors' }, { 's1.safetensors': [u8('a', 1), u8('extra', 2)] }), 'm', 'index-mismatch', /holds tensor extra, but the index does not list it/);
  await rejectsWith(sharded({ a: 's1.safetensors', b: 's2.safetensors' }, { 's1.safetensors': [u8('a', 1), u8('b', 1)], 's2.safetensors': [u8('b', 1)] }), 'm', 'index-mismatch', /holds tensor b, but the index maps it to s2\.safetensors/);
  await rejectsWith(sharded({}, {}), 'm', 'bad-index', /lists no tensors/);
  await rejectsWith(new MemoryFileSystem({ 'm/model.safetensors.index.json': '{"weight_map": {"a": 3}}' }), 'm', 'bad-index', /weight_map\.a/);
  await rejectsWith(new MemoryFileSystem({ 'm/model.safetensors.index.json': '{"weight_map"' }), 'm', 'bad-index', /not valid JSON/);
});

test('a bad config.json or a corrupt shard is reported', async () => {
  await rejectsWith(new MemoryFileSystem({ 'm/model.safetensors': encodeSafetensors([u8('a', 1)]), 'm/config.json': '[1]' }), 'm', 'bad-config', /config\.json must hold a JSON object/);
  const fs = new MemoryFileSystem({ 'm/model.safetensors': encodeSafetensors([u8('a', 1)]).subarray(0, 20) });
  await assert.rejects(openCheckpoint(fs, 'm'), (e: unknown) => e instanceof SafetensorsError && e.file === 'm/model.safetensors');
});

test('saveCheckpoint and loadTensors round-trip a small model', async () => {
  const fs = new MemoryFileSystem();
  const tensors: Tensor[] = [
    { name: 'w', dtype: 'F32', shape: [2], data: new Uint8Array(new Float32Array([1.5, -2]).buffer) },
    { name: 'step', dtype: 'I64', shape: [], data: new Uint8Array(8).fill(1) },
  ];
  await saveCheckpoint(fs, 'out/mlp', tensors, { config: { hidden: 2 } });
  assert.deepEqual(fs.paths(), ['out', 'out/mlp', 'out/mlp/config.json', 'out/mlp/model.safetensors']);
  const loaded = await loadTensors(fs, 'out/mlp');
  assert.deepEqual([...loaded.values()], tensors);
  const checkpoint = await openCheckpoint(fs, 'out/mlp');
  assert.deepEqual(checkpoint.config, { hidden: 2 });
  assert.deepEqual(checkpoint.tensors.get('w')!.file.header.metadata, Object.assign(Object.create(null) as object, { format: 'pt' }));
  await checkpoint.close();
});
