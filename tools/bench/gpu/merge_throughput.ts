/**
 * Throughput of the WebGPU merge backend against the CPU backend on one large tensor.
 *
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json \
 *     node --conditions=@soce/source --import tsx tools/bench/gpu/merge_throughput.ts [elements] [inputs] [dtype] [outDtype]
 *   npx deno run -A --config deno.json tools/bench/gpu/merge_throughput.ts [...]   (lavapipe, or SwiftShader as above)
 *
 * Defaults: 64Mi elements, 3 inputs, BF16 → BF16. Inputs look like trained weights (normal, σ 0.02),
 * so the kernel's exact path for subnormals stays idle as it would on a real checkpoint. Prints the
 * first (pipeline compile included) and best of three runs per backend, and checks the two agree.
 */
import { createCpuBackend, type FloatDtype, type MergeBackend, type MergeJob, f32ToBf16, f32ToF16, floatDtypeBytes } from '@soce/tensors';
import { createWebGpuBackend } from '../../../packages/tensors/src/webgpu_backend.ts';

const { acquireGpu } = 'Deno' in globalThis
  ? await import('../../../packages/tensors/src/runtime/deno/gpu.ts')
  : await import('../../../packages/tensors/src/runtime/node/gpu.ts');

const elements = Number(process.argv[2] ?? 64 * 2 ** 20);
const inputCount = Number(process.argv[3] ?? 3);
const dtype = (process.argv[4] ?? 'BF16') as FloatDtype;
const outDtype = (process.argv[5] ?? dtype) as FloatDtype;

/** mulberry32, then Box–Muller: reproducible weight-like values. */
function gaussianTensor(seed: number): Uint8Array {
  let a = seed >>> 0;
  const random = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const bytes = new Uint8Array(elements * floatDtypeBytes(dtype));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < elements; i++) {
    const x = 0.02 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    if (dtype === 'F32') view.setFloat32(i * 4, x, true);
    else view.setUint16(i * 2, dtype === 'BF16' ? f32ToBf16(x) : f32ToF16(x), true);
  }
  return bytes;
}

const job: MergeJob = {
  inputs: Array.from({ length: inputCount }, (_, j) => gaussianTensor(j + 1)),
  dtype,
  weights: Array.from({ length: inputCount }, (_, j) => (j + 1) / ((inputCount * (inputCount + 1)) / 2)),
  outDtype,
};
const inputBytes = job.inputs.reduce((sum, x) => sum + x.byteLength, 0);

async function measure(backend: MergeBackend): Promise<Uint8Array> {
  const times: number[] = [];
  let result = new Uint8Array();
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    result = await backend.merge(job);
    times.push(performance.now() - start);
  }
  const best = Math.min(...times);
  const rate = (ms: number): string => `${((elements / ms) * 1e3 / 1e6).toFixed(1)} M elements/s, ${((inputBytes / ms) * 1e3 / 2 ** 20).toFixed(0)} MiB/s in`;
  console.log(`${backend.name.padEnd(7)} first ${times[0]!.toFixed(0)} ms, best ${best.toFixed(0)} ms (${rate(best)})`);
  return result;
}

console.log(`${inputCount} × ${elements} ${dtype} → ${outDtype} (${(inputBytes / 2 ** 20).toFixed(0)} MiB of inputs)`);
const cpu = createCpuBackend();
const cpuResult = await measure(cpu);
await cpu.close();
const gpu = await acquireGpu();
if (gpu === undefined) throw new Error('this runtime offers no WebGPU');
const webgpu = await createWebGpuBackend(gpu);
console.log(`adapter: ${webgpu.adapter.description} (${webgpu.adapter.software ? 'software' : 'hardware'})`);
const gpuResult = await measure(webgpu);
console.log(`pool: ${JSON.stringify(webgpu.poolStats())}`);
await webgpu.close();
const same = cpuResult.length === gpuResult.length && cpuResult.every((byte, i) => byte === gpuResult[i]);
console.log(`results ${same ? 'bit-identical' : 'DIFFER'}`);
