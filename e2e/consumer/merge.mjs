// @soce/tensors and @soce/tensors/node from their npm tarball: two tiny checkpoints written with
// the package's own API, merged on the backend `auto` picks, read back.
import { rm } from 'node:fs/promises';
import { bf16ToF32, f32ToBf16, loadTensors, mergeCheckpoints, saveCheckpoint, selectBackend } from '@soce/tensors';
import { acquireGpu, nodeFileSystem } from '@soce/tensors/node';

const fs = nodeFileSystem;
const f32 = (values) => new Uint8Array(new Float32Array(values).buffer);
const bf16 = (values) => new Uint8Array(new Uint16Array(values.map(f32ToBf16)).buffer);
const i64 = (values) => new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer);
const model = (scale) => [
  { name: 'layer.weight', dtype: 'F32', shape: [2, 2], data: f32([1, 2, 3, 4].map((x) => x * scale)) },
  { name: 'layer.bias', dtype: 'BF16', shape: [2], data: bf16([0.5 * scale, -0.25 * scale]) },
  { name: 'position_ids', dtype: 'I64', shape: [3], data: i64([0, 1, 2]) },
];
await rm('models', { recursive: true, force: true });
await saveCheckpoint(fs, 'models/a', model(1), { config: { model_type: 'toy', torch_dtype: 'float32' } });
await saveCheckpoint(fs, 'models/b', model(2), { config: { model_type: 'toy', torch_dtype: 'float32' } });

const { backend, reason } = await selectBackend('auto', { acquireGpu });
let summary;
try {
  summary = await mergeCheckpoints(fs, {
    models: [{ model: 'models/a', weight: 0.7 }, { model: 'models/b', weight: 0.3 }],
    out: 'models/soup',
    backend,
  });
} finally {
  await backend.close();
}
const soup = await loadTensors(fs, 'models/soup');
const values = (name, decode) => decode(soup.get(name).data.slice().buffer);
console.log(JSON.stringify({
  backend: summary.backend,
  reason,
  merged: summary.merged,
  copied: summary.copied,
  shards: summary.shards,
  weight: values('layer.weight', (b) => [...new Float32Array(b)]),
  bias: values('layer.bias', (b) => [...new Uint16Array(b)].map(bf16ToF32)),
  positions: values('position_ids', (b) => [...new BigInt64Array(b)].map(Number)),
}));
