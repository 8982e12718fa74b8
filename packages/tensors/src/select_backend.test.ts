import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MergeBackend } from './backend.ts';
import { chooseBackend, selectBackend, type GpuProbe } from './select_backend.ts';
import { WebGpuUnavailableError } from './webgpu_error.ts';

const { acquireGpu } = 'Deno' in globalThis ? await import('./runtime/deno/gpu.ts') : await import('./runtime/node/gpu.ts');

const opened: MergeBackend[] = [];
after(async () => {
  // A webgpu backend holds a device, which must be destroyed or the process does not exit.
  await Promise.all(opened.map((backend) => backend.close()));
});

const hardware: GpuProbe = { kind: 'adapter', adapter: { description: 'NVIDIA GeForce RTX 3090', software: false } };
const software: GpuProbe = { kind: 'adapter', adapter: { description: 'SwiftShader driver 5.0.0', software: true } };

test('auto takes a hardware adapter and the CPU otherwise, saying why', () => {
  assert.deepEqual(chooseBackend('auto', hardware), { use: 'webgpu', reason: 'a hardware WebGPU adapter was found (NVIDIA GeForce RTX 3090)' });
  const onSoftware = chooseBackend('auto', software);
  assert.equal(onSoftware.use, 'cpu');
  assert.match(onSoftware.reason, /SwiftShader driver 5\.0\.0\) is a software renderer/);
  assert.deepEqual(chooseBackend('auto', { kind: 'no-adapter' }), { use: 'cpu', reason: 'no WebGPU adapter was found' });
  assert.deepEqual(chooseBackend('auto', { kind: 'no-webgpu' }), { use: 'cpu', reason: 'this runtime offers no WebGPU' });
});

test('webgpu takes any adapter, warning about a software one, and fails without one', () => {
  assert.equal(chooseBackend('webgpu', hardware).use, 'webgpu');
  assert.match(chooseBackend('webgpu', software).reason, /software renderer, slower than the CPU backend/);
  for (const probe of [{ kind: 'no-adapter' }, { kind: 'no-webgpu' }] as const) {
    assert.throws(() => chooseBackend('webgpu', probe), (error: unknown) => {
      assert.ok(error instanceof WebGpuUnavailableError);
      assert.equal(error.name, 'WebGpuUnavailableError');
      assert.match(error.message, /VK_ICD_FILENAMES=\/usr\/lib\/chromium\/vk_swiftshader_icd\.json/);
      assert.match(error.message, /libvulkan1/);
      return true;
    });
  }
});

test('cpu is the CPU, whatever the GPU', () => {
  for (const probe of [hardware, software, { kind: 'no-adapter' } as const]) assert.equal(chooseBackend('cpu', probe).use, 'cpu');
});

test('selectBackend builds the CPU backend without touching WebGPU when asked for cpu', async () => {
  const choice = await selectBackend('cpu', {
    acquireGpu: () => Promise.reject(new Error('cpu must not acquire a GPU')),
  });
  opened.push(choice.backend);
  assert.equal(choice.backend.name, 'cpu');
  assert.equal(choice.reason, 'the CPU backend was requested');
});

test('selectBackend falls back to the CPU when the runtime has no WebGPU, and refuses a forced webgpu', async () => {
  const auto = await selectBackend('auto', {});
  opened.push(auto.backend);
  assert.equal(auto.backend.name, 'cpu');
  assert.equal(auto.reason, 'this runtime offers no WebGPU');
  await assert.rejects(selectBackend('webgpu', { acquireGpu: () => Promise.resolve(undefined) }), WebGpuUnavailableError);
});

test("selectBackend on this machine's adapter: auto follows its kind, webgpu is honoured", async () => {
  const gpu = await acquireGpu();
  assert.ok(gpu !== undefined, 'this runtime offers no WebGPU');
  const auto = await selectBackend('auto', { acquireGpu });
  opened.push(auto.backend);
  const forced = await selectBackend('webgpu', { acquireGpu });
  opened.push(forced.backend);
  assert.equal(forced.backend.name, 'webgpu');
  assert.ok('adapter' in forced.backend);
  const adapter = (forced.backend as { adapter: { description: string; software: boolean } }).adapter;
  assert.match(forced.reason, new RegExp(`adapter: ${adapter.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  // Software adapters (SwiftShader in CI, lavapipe under Deno) are slower than the CPU backend.
  assert.equal(auto.backend.name, adapter.software ? 'cpu' : 'webgpu');
  const merged = await forced.backend.merge({ inputs: [new Uint8Array([0x80, 0x3f])], dtype: 'BF16', weights: [0.5], outDtype: 'BF16' });
  assert.deepEqual([...merged], [0x00, 0x3f]);
});

test('selectBackend rejects bad webgpu options with an input error naming the option (not a raw ZodError)', async () => {
  await assert.rejects(selectBackend('webgpu', { acquireGpu, webgpu: { workgroupSize: 0 } }), { name: 'WebGpuOptionsError', code: 'webgpu-options', kind: 'input', message: /^webgpu backend options: workgroupSize: / });
});

test('with a probe, auto opens WebGPU only when the probe found a hardware adapter', async () => {
  const never = () => Promise.reject(new Error('auto must not load WebGPU when the probe says the CPU wins'));
  for (const probe of [software, { kind: 'no-adapter', detail: 'this machine has no GPU device' }, { kind: 'no-webgpu' }] as const) {
    const choice = await selectBackend('auto', { acquireGpu: never, probeGpu: async () => probe });
    opened.push(choice.backend);
    assert.equal(choice.backend.name, 'cpu');
    assert.equal(choice.reason, chooseBackend('auto', probe).reason);
  }
  assert.equal(chooseBackend('auto', { kind: 'no-adapter', detail: 'this machine has no GPU device' }).reason, 'no WebGPU adapter was found (this machine has no GPU device)');
  // A hardware adapter: WebGPU is acquired (none here, so the CPU, saying so).
  let acquired = 0;
  const choice = await selectBackend('auto', { acquireGpu: async () => (acquired++, undefined), probeGpu: async () => hardware });
  opened.push(choice.backend);
  assert.equal(acquired, 1);
});
