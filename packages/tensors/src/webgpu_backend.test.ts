// These tests run the kernels on a real WebGPU adapter: SwiftShader under Node (VK_ICD_FILENAMES),
// lavapipe or SwiftShader under Deno. Without an adapter they fail, saying what to install.
//
// Accuracy contract checked here: the GPU result is BIT-IDENTICAL, element by element, both to the
// contract of backend.ts evaluated here (inputs decoded with dtype.ts, products and sums rounded
// with Math.fround in input order, one rounding to the output type) and to the CPU backend, for
// every input: NaN, ±Inf, subnormals and ±0 included. Only NaN payloads may differ, so two NaNs
// count as equal. No 1-ulp tolerance is needed: the kernel adds in the CPU's order without fusing,
// and redoes in integer arithmetic every pair where the GPU may have flushed a subnormal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MergeJob } from './backend.ts';
import { createCpuBackend } from './cpu_backend.ts';
import { bf16ToF32, f16ToF32, f32Bits, f32FromBits, f32ToBf16, f32ToF16, type FloatDtype } from './dtype.ts';
import { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions } from './webgpu_backend.ts';
import { NO_ADAPTER_HINT, WebGpuError } from './webgpu_error.ts';

const { acquireGpu } = 'Deno' in globalThis ? await import('./runtime/deno/gpu.ts') : await import('./runtime/node/gpu.ts');

// Failures show the mismatching element, not only the counterexample.
fc.configureGlobal({ includeErrorInReport: true });

const DTYPES: readonly FloatDtype[] = ['F32', 'F16', 'BF16'];
const cpu = createCpuBackend();
const backends: WebGpuBackend[] = [];
let gpu: GPU;
let backend: WebGpuBackend;

async function openBackend(options?: WebGpuBackendOptions): Promise<WebGpuBackend> {
  const opened = await createWebGpuBackend(gpu, options);
  backends.push(opened);
  return opened;
}

before(async () => {
  const found = await acquireGpu();
  if (found === undefined) throw new Error(`this runtime offers no WebGPU: ${NO_ADAPTER_HINT}`);
  gpu = found;
  backend = await openBackend();
});

after(async () => {
  // Every device must be destroyed, or the process does not exit.
  await Promise.all(backends.map((b) => b.close()));
  await cpu.close();
});

function isNan(bits: number, dtype: FloatDtype): boolean {
  if (dtype === 'F32') return (bits & 0x7fffffff) >>> 0 > 0x7f800000;
  return (bits & 0x7fff) > (dtype === 'BF16' ? 0x7f80 : 0x7c00);
}

function elementBits(bytes: Uint8Array, dtype: FloatDtype): Uint32Array | Uint16Array {
  const copy = bytes.slice();
  return dtype === 'F32' ? new Uint32Array(copy.buffer) : new Uint16Array(copy.buffer);
}

function hex(bits: number): string {
  return `0x${bits.toString(16)}`;
}

/** Asserts `got` equals `want` bit for bit, element by element, NaN payloads aside. */
function assertSameBits(got: Uint8Array, want: Uint8Array, job: MergeJob, expected = 'expected'): void {
  assert.equal(got.byteLength, want.byteLength, 'result length');
  const g = elementBits(got, job.outDtype);
  const w = elementBits(want, job.outDtype);
  for (let i = 0; i < w.length; i++) {
    if (g[i] === w[i] || (isNan(g[i]!, job.outDtype) && isNan(w[i]!, job.outDtype))) continue;
    const inputs = job.inputs.map((x) => hex(elementBits(x, job.dtype)[i]!)).join(', ');
    assert.fail(
      `element ${i} of ${w.length}: webgpu ${hex(g[i]!)}, ${expected} ${hex(w[i]!)} (${job.dtype} inputs ${inputs}, weights ${job.weights.join(', ')} → ${job.outDtype})`,
    );
  }
}

function decode(bits: number, dtype: FloatDtype): number {
  return dtype === 'F32' ? f32FromBits(bits) : dtype === 'BF16' ? bf16ToF32(bits) : f16ToF32(bits);
}

function encode(value: number, dtype: FloatDtype): number {
  return dtype === 'F32' ? f32Bits(value) : dtype === 'BF16' ? f32ToBf16(value) : f32ToF16(value);
}

/** The contract of backend.ts, literally: `acc = w_0·x_0`, then `acc = acc + w_j·x_j`, in f32. */
function contractMerge(job: MergeJob): Uint8Array {
  const inputs = job.inputs.map((x) => elementBits(x, job.dtype));
  const weights = job.weights.map((w) => Math.fround(w));
  const out: number[] = [];
  for (let i = 0; i < (inputs[0]?.length ?? 0); i++) {
    let acc = Math.fround(weights[0]! * decode(inputs[0]![i]!, job.dtype));
    for (let j = 1; j < inputs.length; j++) acc = Math.fround(acc + Math.fround(weights[j]! * decode(inputs[j]![i]!, job.dtype)));
    out.push(encode(acc, job.outDtype));
  }
  return bytesOf(out, job.outDtype);
}

async function assertMatchesCpu(gpuBackend: WebGpuBackend, job: MergeJob): Promise<void> {
  const merged = await gpuBackend.merge(job);
  assertSameBits(merged, contractMerge(job), job, 'contract');
  assertSameBits(merged, await cpu.merge(job), job, 'cpu backend');
}

function bytesOf(bits: readonly number[], dtype: FloatDtype): Uint8Array {
  const array = dtype === 'F32' ? Uint32Array.from(bits) : Uint16Array.from(bits);
  return new Uint8Array(array.buffer);
}

/** Element bit patterns: anything, plus a good share of the values a GPU is likely to get wrong. */
function elementArb(dtype: FloatDtype): fc.Arbitrary<number> {
  const sign = (max: number): fc.Arbitrary<number> =>
    fc.tuple(fc.boolean(), fc.integer({ min: 0, max })).map(([negative, magnitude]) => (negative ? magnitude + (dtype === 'F32' ? 0x80000000 : 0x8000) : magnitude));
  if (dtype === 'F32') {
    return fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 0xffffffff }), weight: 4 },
      // Subnormals and small normals, where products and sums underflow.
      { arbitrary: sign(0x01ffffff), weight: 2 },
      // Weight-like values around 0.02.
      { arbitrary: sign(0x3e000000).map((b) => (b & 0x80000000) | (0x3c000000 + (b & 0x01ffffff))), weight: 2 },
      { arbitrary: fc.constantFrom(0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x00000001, 0x7f7fffff, 0xff7fffff, 0x00800000), weight: 1 },
    );
  }
  const infinity = dtype === 'BF16' ? 0x7f80 : 0x7c00;
  return fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 0xffff }), weight: 4 },
    { arbitrary: sign(dtype === 'BF16' ? 0x017f : 0x07ff), weight: 2 },
    { arbitrary: fc.constantFrom(0, 0x8000, infinity, infinity | 0x8000, infinity | 1, 0xffff, 1, 0x8001, infinity - 1, 0x03ff), weight: 1 },
  );
}

const weightArb: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.double({ min: -2, max: 2, noNaN: true }), weight: 4 },
  // 1e-40 is an f32 subnormal weight; 3e38 overflows most products.
  { arbitrary: fc.constantFrom(0, 1, -1, 0.5, 0.1, 1 / 3, 1e-40, 3e38), weight: 1 },
);

function jobArb(dtype: FloatDtype, outDtype: FloatDtype, inputs: fc.Arbitrary<number>, maxLength: number): fc.Arbitrary<MergeJob> {
  return fc.tuple(inputs, fc.integer({ min: 0, max: maxLength })).chain(([count, length]) =>
    fc.record({
      inputs: fc.array(fc.array(elementArb(dtype), { minLength: length, maxLength: length }).map((bits) => bytesOf(bits, dtype)), {
        minLength: count,
        maxLength: count,
      }),
      weights: fc.array(weightArb, { minLength: count, maxLength: count }),
      dtype: fc.constant(dtype),
      outDtype: fc.constant(outDtype),
    }),
  );
}

test('the backend names itself and its adapter', () => {
  assert.equal(backend.name, 'webgpu');
  assert.notEqual(backend.adapter.description, '');
  assert.equal(typeof backend.adapter.software, 'boolean');
});

for (const dtype of DTYPES) {
  for (const outDtype of DTYPES) {
    test(`${dtype} → ${outDtype}: bit-identical to the CPU for 1, 2 and 3 inputs of any length and content`, async () => {
      await fc.assert(
        fc.asyncProperty(jobArb(dtype, outDtype, fc.integer({ min: 1, max: 3 }), 300), (job) => assertMatchesCpu(backend, job)),
        { numRuns: 15 },
      );
    });
  }
}

test('the CPU backend and the webgpu backend agree bit for bit on weight-like tensors', async () => {
  // Normal values of σ ≈ 0.02, as in trained checkpoints, in every dtype pair.
  const values = Array.from({ length: 3 }, (_, j) =>
    Array.from({ length: 4097 }, (_, i) => 0.02 * Math.sin(i * (j + 1.37)) * Math.cos(i * 0.011 + j)),
  );
  for (const dtype of DTYPES) {
    for (const outDtype of DTYPES) {
      const job: MergeJob = {
        inputs: values.map((xs) => bytesOf(xs.map((x) => encode(x, dtype)), dtype)),
        dtype,
        weights: [0.5, 0.3, 0.2],
        outDtype,
      };
      assertSameBits(await backend.merge(job), await cpu.merge(job), job, 'cpu backend');
    }
  }
});

test('special values come out as IEEE-754 says, not flushed or saturated', async () => {
  const inf = 0x7f800000;
  const subnormal = 0x00000005; // 5 · 2^-149
  const x = [0x7fc00000, inf, inf | 0x80000000, 0, 0x80000000, subnormal, 0x00800000, 0x7f7fffff, inf, 0x3f800000];
  const y = [0x3f800000, 0x3f800000, inf, 0x80000000, 0x80000000, subnormal, 0x80800001, 0x7f7fffff, 0, 0x00000001];
  const job: MergeJob = { inputs: [bytesOf(x, 'F32'), bytesOf(y, 'F32')], dtype: 'F32', weights: [1, 1], outDtype: 'F32' };
  const out = [...elementBits(await backend.merge(job), 'F32')].map((bits) => f32FromBits(bits));
  assert.ok(Number.isNaN(out[0]), 'NaN + 1 is NaN');
  assert.equal(out[1], Infinity, 'Inf + 1 is Inf');
  assert.ok(Number.isNaN(out[2]), '-Inf + Inf is NaN');
  assert.ok(Object.is(out[3], 0), '+0 + -0 is +0');
  assert.ok(Object.is(out[4], -0), '-0 + -0 is -0');
  assert.equal(out[5], 10 * 2 ** -149, 'subnormals add exactly');
  assert.equal(out[6], -(2 ** -149), 'a difference of normals can be subnormal');
  assert.equal(out[7], Infinity, 'overflow gives Inf');
  assert.equal(out[8], Infinity, 'Inf + 0 is Inf');
  assert.equal(out[9], 1, '1 + 2^-149 rounds to 1');
  const zeroWeight = await backend.merge({ ...job, weights: [0, 1] });
  assert.ok(Number.isNaN(f32FromBits(elementBits(zeroWeight, 'F32')[1]!)), '0 · Inf is NaN');
  const toBf16 = elementBits(await backend.merge({ ...job, outDtype: 'BF16' }), 'BF16');
  assert.deepEqual([toBf16[1], toBf16[7], toBf16[5]], [0x7f80, 0x7f80, 0], 'Inf stays Inf, a tiny subnormal rounds to 0 in BF16');
  assert.ok(isNan(toBf16[0]!, 'BF16') && isNan(toBf16[2]!, 'BF16'), 'NaN stays NaN in BF16');
});

test('a length-0 tensor merges to an empty result in every output type', async () => {
  for (const outDtype of DTYPES) {
    const merged = await backend.merge({ inputs: [new Uint8Array(0), new Uint8Array(0)], dtype: 'BF16', weights: [0.5, 0.5], outDtype });
    assert.equal(merged.byteLength, 0);
  }
});

test('odd lengths of 16-bit tensors keep their last element', async () => {
  for (const length of [1, 3, 257]) {
    const bits = Array.from({ length }, (_, i) => 0x3f80 + i);
    const job: MergeJob = { inputs: [bytesOf(bits, 'BF16')], dtype: 'BF16', weights: [1], outDtype: 'BF16' };
    const merged = await backend.merge(job);
    assert.deepEqual([...elementBits(merged, 'BF16')], bits);
  }
});

test('inputs may sit at any byte offset of a larger buffer', async () => {
  await fc.assert(
    fc.asyncProperty(jobArb('BF16', 'F32', fc.constant(3), 301), fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 3, maxLength: 3 }), async (job, offsets) => {
      const shifted = job.inputs.map((bytes, j) => {
        const host = new Uint8Array(bytes.byteLength + 8);
        host.set(bytes, offsets[j]!);
        return host.subarray(offsets[j]!, offsets[j]! + bytes.byteLength);
      });
      await assertMatchesCpu(backend, { ...job, inputs: shifted });
    }),
    { numRuns: 5 },
  );
});

test('8 to 13 inputs run as accumulation passes whose sum is bit-identical to the in-order sum', async () => {
  const tight = await openBackend({ maxInputsPerPass: 3 });
  for (const [dtype, outDtype] of [['BF16', 'BF16'], ['F32', 'F16'], ['F16', 'F32']] as const) {
    await fc.assert(
      fc.asyncProperty(jobArb(dtype, outDtype, fc.integer({ min: 8, max: 13 }), 200), (job) => assertMatchesCpu(tight, job)),
      { numRuns: 4 },
    );
  }
});

test("more inputs than the device's storage-buffer limit allows in one pass are merged in several", async () => {
  // 40 inputs exceed every device's maxStorageBuffersPerShaderStage (8 by default, 12 on Dawn's
  // SwiftShader, 32 on lavapipe), so this takes the real limit, not an artificial one.
  await fc.assert(
    fc.asyncProperty(jobArb('BF16', 'BF16', fc.constant(40), 65), (job) => assertMatchesCpu(backend, job)),
    { numRuns: 3 },
  );
});

test('tensors larger than a binding are merged in aligned chunks, on a 2-D workgroup grid', async () => {
  // 1 KiB bindings hold 126 pairs of f32 (accumulator or output), 252 of 16-bit values; a grid of
  // at most 3 × 3 workgroups of 16 invocations covers 144 pairs, in two dimensions once past 48.
  const chunked = await openBackend({ maxBindingBytes: 1024, maxWorkgroupsPerDimension: 3, workgroupSize: 16, maxInputsPerPass: 3 });
  for (const [dtype, outDtype, inputs] of [['BF16', 'F32', 3], ['F32', 'BF16', 5], ['F16', 'F16', 2]] as const) {
    await fc.assert(
      fc.asyncProperty(jobArb(dtype, outDtype, fc.constant(inputs), 3001), (job) => assertMatchesCpu(chunked, job)),
      { numRuns: 3 },
    );
  }
});

test('buffers are pooled and reused across tensors', async () => {
  const job = (length: number): MergeJob => ({
    inputs: [bytesOf(Array.from({ length }, (_, i) => i), 'BF16'), bytesOf(Array.from({ length }, (_, i) => 2 * i), 'BF16')],
    dtype: 'BF16',
    weights: [0.25, 0.75],
    outDtype: 'BF16',
  });
  const before = backend.poolStats();
  await assertMatchesCpu(backend, job(1000));
  const first = backend.poolStats();
  const perMerge = first.created - before.created + (first.reused - before.reused);
  assert.ok(perMerge >= 5, 'weights, inputs, output, flagged list and readback buffers');
  assert.ok(first.idleBytes > 0, 'the buffers went back to the pool');
  await assertMatchesCpu(backend, job(1000));
  // A slightly smaller tensor falls in the same power-of-two size classes.
  await assertMatchesCpu(backend, job(900));
  const then = backend.poolStats();
  assert.equal(then.created, first.created, 'no buffer was created for the later tensors');
  assert.equal(then.reused - first.reused, 2 * perMerge);
  assert.equal(then.idleBytes, first.idleBytes);
});

test('concurrent merges queue up and each gets its own result', async () => {
  const jobs = DTYPES.map((dtype): MergeJob => ({
    inputs: [bytesOf(Array.from({ length: 101 }, (_, i) => (dtype === 'F32' ? 0x3f800000 + i : 0x3c00 + i)), dtype)],
    dtype,
    weights: [0.5],
    outDtype: 'F32',
  }));
  const merged = await Promise.all(jobs.map((job) => backend.merge(job)));
  for (const [i, job] of jobs.entries()) assertSameBits(merged[i]!, contractMerge(job), job, 'contract');
});

test('malformed jobs are rejected with a message that says what is wrong', async () => {
  const two = new Uint8Array(4);
  await assert.rejects(backend.merge({ inputs: [two, new Uint8Array(6)], dtype: 'BF16', weights: [0.5, 0.5], outDtype: 'BF16' }), /input 1 .* 6 bytes/);
  await assert.rejects(backend.merge({ inputs: [two], dtype: 'BF16', weights: [0.5, 0.5], outDtype: 'BF16' }), /1 inputs but 2 weights/);
  await assert.rejects(backend.merge({ inputs: [two], dtype: 'BF16', weights: [NaN], outDtype: 'BF16' }), /weights must be finite/);
  await assert.rejects(backend.merge({ inputs: [new Uint8Array(6)], dtype: 'F32', weights: [1], outDtype: 'F32' }), /not whole F32 elements/);
  await assert.rejects(backend.merge({ inputs: [], dtype: 'F32', weights: [], outDtype: 'F32' }), /at least one input/);
});

test('options are validated before a device is opened', async () => {
  await assert.rejects(createWebGpuBackend(gpu, { chunkElements: 1 }), { name: 'WebGpuOptionsError', kind: 'input', message: /^webgpu backend options: chunkElements: / });
  await assert.rejects(createWebGpuBackend(gpu, { maxBindingBytes: -4 }), { name: 'WebGpuOptionsError', kind: 'input', message: /^webgpu backend options: maxBindingBytes: / });
});

test('a closed backend refuses to merge', async () => {
  const closing = await openBackend();
  await closing.close();
  await assert.rejects(closing.merge({ inputs: [new Uint8Array(2)], dtype: 'BF16', weights: [1], outDtype: 'BF16' }), WebGpuError);
});
