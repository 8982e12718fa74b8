import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCpuKernel } from '../scripts/build_cpu_kernel.mjs';
import { instantiateKernel, kernelBytes, KernelMemory, kernelName } from './cpu_kernel.ts';
import { FLOAT_DTYPES } from './dtype.ts';

test('the embedded kernel is the compiled output of scripts/cpu_kernel_wat.mjs (run npm run build:kernel after editing it)', async () => {
  const bytes = await compileCpuKernel();
  assert.deepEqual(kernelBytes(), new Uint8Array(bytes));
});

test('the kernel exports a function for every dtype pair and input count kernelName asks for', () => {
  const exported = new Set(Object.keys(instantiateKernel(new KernelMemory(1, 1, [64]).memory)));
  for (const dtype of FLOAT_DTYPES) {
    for (const outDtype of FLOAT_DTYPES) {
      for (let inputs = 1; inputs <= 6; inputs++) assert.ok(exported.has(kernelName(dtype, outDtype, inputs)), `${dtype} → ${outDtype}, ${inputs} inputs`);
    }
  }
  // Counts with functions of their own do get them (the table walk serves the others).
  assert.equal(kernelName('BF16', 'BF16', 3), 'merge_bf16_bf16_3');
  assert.equal(kernelName('BF16', 'BF16', 7), 'merge_bf16_bf16');
});
