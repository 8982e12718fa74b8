import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MergeJob } from './backend.ts';
import { createCpuBackend } from './cpu_backend.ts';
import { bf16ToF32, f16ToF32, f32FromBits, f32ToBf16, f32ToF16, floatDtypeBytes, type FloatDtype } from './dtype.ts';

const decoders: Record<FloatDtype, (bytes: Uint8Array) => number[]> = {
  F32: (b) => [...new Float32Array(b.slice().buffer)],
  BF16: (b) => [...new Uint16Array(b.slice().buffer)].map(bf16ToF32),
  F16: (b) => [...new Uint16Array(b.slice().buffer)].map(f16ToF32),
};

function encode(values: readonly number[], dtype: FloatDtype): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(new Float32Array(values).buffer);
  return new Uint8Array(new Uint16Array(values.map(dtype === 'BF16' ? f32ToBf16 : f32ToF16)).buffer);
}

/** The specification, one element at a time: f32 products and sums in input order, one rounding. */
function specification(job: MergeJob): Uint8Array {
  const inputs = job.inputs.map(decoders[job.dtype]);
  const weights = job.weights.map(Math.fround);
  const out = inputs[0]!.map((_, i) => {
    let acc = Math.fround(weights[0]! * inputs[0]![i]!);
    for (let j = 1; j < inputs.length; j++) acc = Math.fround(acc + Math.fround(weights[j]! * inputs[j]![i]!));
    return acc;
  });
  return encode(out, job.outDtype);
}

/** Equal bit for bit, except that any NaN equals any NaN: JavaScript arrays may canonicalise a NaN's sign and payload. */
function sameBits(actual: Uint8Array, expected: Uint8Array, dtype: FloatDtype): void {
  assert.equal(actual.length, expected.length);
  const a = decoders[dtype](actual);
  const e = decoders[dtype](expected);
  const bits = dtype === 'F32' ? new Uint32Array(actual.slice().buffer) : new Uint16Array(actual.slice().buffer);
  const expectedBits = dtype === 'F32' ? new Uint32Array(expected.slice().buffer) : new Uint16Array(expected.slice().buffer);
  a.forEach((x, i) => assert.ok(bits[i] === expectedBits[i] || (Number.isNaN(x) && Number.isNaN(e[i])), `element ${i}: ${x} vs ${e[i]}`));
}

const dtypes: FloatDtype[] = ['F32', 'F16', 'BF16'];

const jobArbitrary = (dtype: FloatDtype, outDtype: FloatDtype, maxLength = 64): fc.Arbitrary<MergeJob> =>
  fc.record({ n: fc.integer({ min: 1, max: 5 }), elements: fc.nat(maxLength) }).chain(({ n, elements }) => fc.record({
    inputs: fc.array(fc.uint8Array({ minLength: elements * floatDtypeBytes(dtype), maxLength: elements * floatDtypeBytes(dtype) }), { minLength: n, maxLength: n }),
    weights: fc.array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
  })).map(({ inputs, weights }) => {
    // Weights on the simplex, as merges use them.
    const sum = weights.reduce((a, b) => a + b, 0);
    return { inputs, weights: weights.map((w) => w / sum), dtype, outDtype };
  });

test('property: the CPU backend is bit-identical to the specification for every dtype pair and any bits (NaN, ±∞, subnormals)', async () => {
  const backend = createCpuBackend();
  for (const dtype of dtypes) {
    for (const outDtype of dtypes) {
      await fc.assert(fc.asyncProperty(jobArbitrary(dtype, outDtype), async (job) => {
        sameBits(await backend.merge(job), specification(job), outDtype);
      }), { numRuns: 150 });
    }
  }
  await backend.close();
});

/** Rounds a float64 once to a format of `precision` bits (RNE), as in dtype.test.ts. */
function roundOnce(x: number, outDtype: FloatDtype): number {
  if (outDtype === 'F32') return Math.fround(x);
  const [precision, minExponent] = outDtype === 'F16' ? [11, -14] : [8, -126];
  if (x === 0) return x;
  let e = Math.floor(Math.log2(Math.abs(x)));
  while (2 ** e > Math.abs(x)) e -= 1;
  while (2 ** (e + 1) <= Math.abs(x)) e += 1;
  const quantum = 2 ** (Math.max(e, minExponent) - precision + 1);
  const q = x / quantum;
  const r = Math.abs(q - Math.trunc(q)) === 0.5 ? 2 * Math.round(q / 2) : Math.round(q);
  return r * quantum;
}

test('property: with same-sign inputs, bf16 and f16 soups are within 1 ulp of the float64 sum rounded once; f32 soups within n ulps', async () => {
  const backend = createCpuBackend();
  const ulpDistance = (a: number, b: number, dtype: FloatDtype): number => {
    const bits = (x: number): number => (dtype === 'F32' ? new Uint32Array(new Float32Array([x]).buffer)[0]! : dtype === 'F16' ? f32ToF16(x) : f32ToBf16(x));
    return Math.abs(bits(Math.abs(a)) - bits(Math.abs(b)));
  };
  for (const dtype of dtypes) {
    for (const outDtype of dtypes) {
      const finiteSameSign = jobArbitrary(dtype, outDtype, 32).map((job) => ({
        ...job,
        // Finite, positive inputs of moderate size: no overflow, no cancellation.
        inputs: job.inputs.map((bytes) => encode(decoders[dtype](bytes).map((x) => (Number.isFinite(x) ? Math.min(Math.abs(x), 1000) : 1)), dtype)),
      }));
      await fc.assert(fc.asyncProperty(finiteSameSign, async (job) => {
        const actual = decoders[outDtype](await backend.merge(job));
        const inputs = job.inputs.map(decoders[dtype]);
        actual.forEach((value, i) => {
          const exact = inputs.reduce((sum, x, j) => sum + job.weights[j]! * x[i]!, 0);
          const reference = roundOnce(exact, outDtype);
          const allowed = outDtype === 'F32' ? job.inputs.length : 1;
          assert.ok(ulpDistance(value, reference, outDtype) <= allowed, `element ${i}: ${value} vs reference ${reference} (exact ${exact})`);
        });
      }), { numRuns: 100 });
    }
  }
  await backend.close();
});

test('long tensors cross block boundaries, odd offsets and many models are handled', async () => {
  const backend = createCpuBackend();
  const n = 40_000;
  const a = encode(Array.from({ length: n }, (_, i) => Math.sin(i)), 'BF16');
  const b = encode(Array.from({ length: n }, (_, i) => Math.cos(i)), 'BF16');
  const job: MergeJob = { inputs: [a, b], weights: [0.25, 0.75], dtype: 'BF16', outDtype: 'BF16' };
  assert.deepEqual(await backend.merge(job), specification(job));
  const shifted = new Uint8Array(a.length + 1);
  shifted.set(a, 1);
  const odd: MergeJob = { ...job, inputs: [shifted.subarray(1), b] };
  assert.deepEqual(await backend.merge(odd), specification(job));
  const many: MergeJob = { inputs: Array.from({ length: 12 }, (_, j) => (j % 2 === 0 ? a : b).subarray(0, 2 * 20_001)), weights: Array.from({ length: 12 }, () => 1 / 12), dtype: 'BF16', outDtype: 'F16' };
  assert.deepEqual(await backend.merge(many), specification(many));
  await backend.close();
});

test('rounding to bf16 and f16 matches the scalar codecs on every f32 exponent and mantissa edge', async () => {
  const backend = createCpuBackend();
  // Every top half, with low halves at the ties and near-ties of both formats.
  const lows = [0x0000, 0x0001, 0x0fff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x3000, 0x7fff, 0x8000, 0x8001, 0xffff];
  const bits = new Uint32Array(65536 * lows.length);
  lows.forEach((low, k) => {
    for (let high = 0; high < 65536; high++) bits[k * 65536 + high] = ((high << 16) | low) >>> 0;
  });
  const input = new Uint8Array(bits.buffer);
  for (const outDtype of ['BF16', 'F16'] as const) {
    const job: MergeJob = { inputs: [input], weights: [1], dtype: 'F32', outDtype };
    const got = new Uint16Array((await backend.merge(job)).buffer);
    const encode = outDtype === 'BF16' ? f32ToBf16 : f32ToF16;
    const isNaN16 = (h: number): boolean => (outDtype === 'BF16' ? (h & 0x7f80) === 0x7f80 && (h & 0x7f) !== 0 : (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0);
    bits.forEach((u, i) => {
      const expected = encode(f32FromBits(u));
      assert.ok(got[i] === expected || (isNaN16(got[i]!) && isNaN16(expected)), `${outDtype} of f32 0x${u.toString(16)}: 0x${got[i]!.toString(16)} vs 0x${expected.toString(16)}`);
    });
  }
  await backend.close();
});

test('property: inputs in the backend\'s own buffers give the same bits as inputs from anywhere else', async () => {
  const backend = createCpuBackend();
  for (const dtype of dtypes) {
    await fc.assert(fc.asyncProperty(jobArbitrary(dtype, 'BF16', 40_000), async (job) => {
      const bytes = job.inputs[0]!.length;
      const lent = backend.inputBuffers!(job.inputs.length + 1, bytes + 3);
      // Fill the spare buffer with NaNs: the kernel must never let a neighbour's bytes leak in.
      lent.buffers[job.inputs.length]!.fill(0xff);
      const inputs = job.inputs.map((input, j) => {
        const buffer = lent.buffers[j]!;
        buffer.fill(0xff);
        buffer.set(input);
        return buffer.subarray(0, bytes);
      });
      const direct = await backend.merge({ ...job, inputs });
      lent.release();
      assert.deepEqual(direct, await backend.merge(job));
      sameBits(direct, specification(job), 'BF16');
    }), { numRuns: 30 });
  }
  await backend.close();
});

test('malformed jobs are refused', async () => {
  const backend = createCpuBackend();
  await assert.rejects(backend.merge({ inputs: [], weights: [], dtype: 'F32', outDtype: 'F32' }), RangeError);
  await assert.rejects(backend.merge({ inputs: [new Uint8Array(4)], weights: [0.5, 0.5], dtype: 'F32', outDtype: 'F32' }), RangeError);
  await assert.rejects(backend.merge({ inputs: [new Uint8Array(4), new Uint8Array(8)], weights: [0.5, 0.5], dtype: 'F32', outDtype: 'F32' }), RangeError);
  await assert.rejects(backend.merge({ inputs: [new Uint8Array(3)], weights: [1], dtype: 'BF16', outDtype: 'F32' }), RangeError);
  assert.equal(backend.name, 'cpu');
  await backend.close();
});
