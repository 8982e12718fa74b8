/**
 * Merges two checkpoints on the GPU through Deno's built-in WebGPU (`navigator.gpu`), and on the
 * CPU when this machine offers no WebGPU adapter. The two checkpoints are tiny ones written here
 * with the same package, so the script runs anywhere; point `models` at real Hugging Face
 * checkpoint directories to soup real models.
 *
 *   deno run --allow-read=DIR --allow-write=DIR merge_on_gpu.ts DIR
 *
 * DIR receives the checkpoints `a/` and `b/` and the soup `soup/` (0.7·a + 0.3·b).
 */
import {
  bf16ToF32,
  f32ToBf16,
  joinPath,
  loadTensors,
  mergeCheckpoints,
  saveCheckpoint,
  selectBackend,
  WebGpuError,
  WebGpuUnavailableError,
  type BackendChoice,
  type Tensor,
} from '@soce/tensors';
import { acquireGpu, denoFileSystem } from '@soce/tensors/deno';

const dir = Deno.args[0];
if (dir === undefined) throw new Error('usage: merge_on_gpu.ts DIR (a directory this script may write)');
const fs = denoFileSystem;

const f32 = (values: number[]): Uint8Array => new Uint8Array(new Float32Array(values).buffer);
const bf16 = (values: number[]): Uint8Array => new Uint8Array(new Uint16Array(values.map(f32ToBf16)).buffer);
const i64 = (values: number[]): Uint8Array => new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer);

// Float tensors are averaged; integer tensors such as position ids are copied and must agree.
function model(scale: number): Tensor[] {
  return [
    { name: 'layer.weight', dtype: 'F32', shape: [2, 2], data: f32([1, 2, 3, 4].map((x) => x * scale)) },
    { name: 'layer.bias', dtype: 'BF16', shape: [2], data: bf16([0.5 * scale, -0.25 * scale]) },
    { name: 'position_ids', dtype: 'I64', shape: [4], data: i64([0, 1, 2, 3]) },
  ];
}
const a = joinPath(dir, 'a');
const b = joinPath(dir, 'b');
await saveCheckpoint(fs, a, model(1), { config: { model_type: 'toy' } });
await saveCheckpoint(fs, b, model(2), { config: { model_type: 'toy' } });

// `webgpu` takes any adapter, a software one included; `auto` would take a hardware GPU only,
// since a software renderer is slower than the CPU backend.
let choice: BackendChoice;
try {
  choice = await selectBackend('webgpu', { acquireGpu });
} catch (error) {
  if (!(error instanceof WebGpuUnavailableError || error instanceof WebGpuError)) throw error;
  console.log(`falling back to the CPU: ${error.message}`);
  choice = await selectBackend('cpu');
}
console.log(`backend: ${choice.backend.name} (${choice.reason})`);

const out = joinPath(dir, 'soup');
try {
  // Streams tensor by tensor into a temporary directory, renamed to `out` once complete.
  const summary = await mergeCheckpoints(fs, {
    models: [{ model: a, weight: 0.7 }, { model: b, weight: 0.3 }],
    out,
    backend: choice.backend,
    overwrite: true,
  });
  console.log(`merged ${summary.merged} tensors, copied ${summary.copied}, into ${summary.shards.join(', ')}`);
} finally {
  await choice.backend.close();
}

const soup = await loadTensors(fs, out);
const weight = new Float32Array(soup.get('layer.weight')!.data.slice().buffer);
const bias = [...new Uint16Array(soup.get('layer.bias')!.data.slice().buffer)].map(bf16ToF32);
console.log(`layer.weight = [${[...weight].map((x) => x.toFixed(3)).join(', ')}]`);
console.log(`layer.bias = [${bias.map((x) => x.toFixed(4)).join(', ')}]`);
