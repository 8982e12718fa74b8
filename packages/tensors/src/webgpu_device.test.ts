import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeAdapter, WebGpuDevice } from './webgpu_device.ts';
import { NO_ADAPTER_HINT, WebGpuError } from './webgpu_error.ts';

const { acquireGpu } = 'Deno' in globalThis ? await import('./runtime/deno/gpu.ts') : await import('./runtime/node/gpu.ts');

let owner: WebGpuDevice;

before(async () => {
  const gpu = await acquireGpu();
  if (gpu === undefined) throw new Error(`this runtime offers no WebGPU: ${NO_ADAPTER_HINT}`);
  owner = await WebGpuDevice.acquire(gpu, { maxPooledBytes: 2 ** 20 });
});

after(() => {
  owner.destroy();
});

const info = { vendor: '', architecture: '', device: '', description: '' };

test("software adapters are recognised by what Node's Dawn and Deno's wgpu report", () => {
  const dawnSwiftShader = { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0' };
  assert.deepEqual(summarizeAdapter(dawnSwiftShader), { description: 'SwiftShader driver 5.0.0', software: true });
  const wgpuLavapipe = { vendor: '65541', architecture: '', device: '0', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' };
  assert.equal(summarizeAdapter(wgpuLavapipe).software, true);
  assert.equal(summarizeAdapter({ ...info, description: 'Microsoft Basic Render Driver' }).software, true);
  // The flag alone is enough, whatever the names say.
  assert.equal(summarizeAdapter({ ...info, vendor: 'acme', isFallbackAdapter: true }).software, true);
});

test('hardware adapters are not mistaken for software ones', () => {
  const nvidia = { vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA GeForce RTX 3090', isFallbackAdapter: false };
  assert.deepEqual(summarizeAdapter(nvidia), { description: 'NVIDIA GeForce RTX 3090', software: false });
  assert.equal(summarizeAdapter({ ...info, vendor: 'apple', architecture: 'metal-3' }).software, false);
});

test('an adapter without a description is named by vendor, architecture and device', () => {
  assert.equal(summarizeAdapter({ ...info, vendor: 'intel', architecture: 'gen-12lp', device: '0x9a49' }).description, 'intel gen-12lp 0x9a49');
  assert.equal(summarizeAdapter(info).description, 'unnamed adapter');
});

test("the device is opened with the adapter's own limits, not the defaults", async () => {
  const gpu = await acquireGpu();
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
  assert.ok(adapter);
  for (const limit of ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxStorageBuffersPerShaderStage'] as const) {
    assert.equal(owner.device.limits[limit], adapter.limits[limit], limit);
  }
  assert.notEqual(owner.adapter.description, '');
  owner.assertAlive();
});

test('a destroyed device says so instead of failing obscurely', async () => {
  const gpu = await acquireGpu();
  assert.ok(gpu !== undefined);
  const doomed = await WebGpuDevice.acquire(gpu, { maxPooledBytes: 0 });
  doomed.destroy();
  assert.throws(() => doomed.assertAlive(), WebGpuError);
  assert.throws(() => doomed.assertAlive(), /create a new backend/);
});
