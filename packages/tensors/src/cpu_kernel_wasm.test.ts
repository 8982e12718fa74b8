import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import wabtInit from 'wabt';
import { CPU_KERNEL_HEX } from './cpu_kernel_wasm.ts';

test('the embedded kernel is the compiled cpu_kernel.wat (run npm run build:kernel after editing it)', async () => {
  const wabt = await wabtInit();
  const source = await readFile(new URL('cpu_kernel.wat', import.meta.url), 'utf8');
  const module = wabt.parseWat('cpu_kernel.wat', source, { simd: true });
  module.validate();
  const hex = [...module.toBinary({}).buffer].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  assert.equal(CPU_KERNEL_HEX, hex);
});
