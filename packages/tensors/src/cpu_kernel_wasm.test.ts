import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCpuKernel } from '../scripts/build_cpu_kernel.mjs';
import { CPU_KERNEL_HEX } from './cpu_kernel_wasm.ts';

test('the embedded kernel is the compiled output of scripts/cpu_kernel_wat.mjs (run npm run build:kernel after editing it)', async () => {
  const bytes = await compileCpuKernel();
  assert.equal(CPU_KERNEL_HEX, [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(''));
});
