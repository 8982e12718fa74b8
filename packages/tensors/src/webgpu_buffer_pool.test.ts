import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BufferPool, pooledSize } from './webgpu_buffer_pool.ts';
import { GPU_FLAGS, WebGpuDevice } from './webgpu_device.ts';
import { NO_ADAPTER_HINT } from './webgpu_error.ts';

const { acquireGpu } = 'Deno' in globalThis ? await import('./runtime/deno/gpu.ts') : await import('./runtime/node/gpu.ts');

let owner: WebGpuDevice;
const STORAGE = GPU_FLAGS.storage | GPU_FLAGS.copyDst;

before(async () => {
  const gpu = await acquireGpu();
  if (gpu === undefined) throw new Error(`this runtime offers no WebGPU: ${NO_ADAPTER_HINT}`);
  owner = await WebGpuDevice.acquire(gpu, { maxPooledBytes: 0 });
});

after(() => {
  owner.destroy();
});

test('size classes are powers of two from 256 bytes, or the exact size past the largest one allowed', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 2 ** 20, max: 2 ** 32 }), (bytes, maxBytes) => {
      fc.pre(bytes <= maxBytes);
      const size = pooledSize(bytes, maxBytes);
      assert.ok(size >= bytes && size <= Math.max(maxBytes, Math.ceil(bytes / 4) * 4));
      assert.equal(size % 4, 0);
      const powerOfTwo = Number.isInteger(Math.log2(size)) && size >= 256;
      assert.ok(powerOfTwo || size === Math.ceil(bytes / 4) * 4, `${bytes} → ${size}`);
      if (powerOfTwo) assert.ok(size < 2 * bytes || size === 256);
    }),
  );
  assert.equal(pooledSize(1000, 2 ** 30), 1024);
  assert.equal(pooledSize(1.5 * 2 ** 30, 2 ** 31 - 1), 1.5 * 2 ** 30);
  assert.throws(() => pooledSize(2 ** 31, 2 ** 30), /maxBufferSize/);
});

test('a released buffer serves the next request of its size class and usage', () => {
  const pool = new BufferPool(owner.device, 2 ** 20);
  const first = pool.acquire(1000, STORAGE);
  assert.equal(first.size, 1024);
  pool.release(first);
  assert.deepEqual(pool.stats(), { created: 1, reused: 0, idleBytes: 1024 });
  assert.equal(pool.acquire(600, STORAGE), first, 'same size class');
  assert.deepEqual(pool.stats(), { created: 1, reused: 1, idleBytes: 0 });
  pool.release(first);
  const readback = pool.acquire(1000, GPU_FLAGS.mapRead | GPU_FLAGS.copyDst);
  assert.notEqual(readback, first, 'another usage gets another buffer');
  assert.notEqual(pool.acquire(2000, STORAGE), first, 'another size class gets another buffer');
  assert.deepEqual(pool.stats(), { created: 3, reused: 1, idleBytes: 1024 });
  pool.clear();
  assert.equal(pool.stats().idleBytes, 0);
});

test('idle bytes stay under the cap: a buffer released into a full pool is destroyed', () => {
  const pool = new BufferPool(owner.device, 1024);
  const a = pool.acquire(1024, STORAGE);
  const b = pool.acquire(1024, STORAGE);
  pool.release(a);
  pool.release(b);
  assert.equal(pool.stats().idleBytes, 1024);
  assert.equal(pool.acquire(1024, STORAGE), a);
  assert.notEqual(pool.acquire(1024, STORAGE), b, 'b was destroyed, not kept');
  assert.equal(pool.stats().created, 3);
});
