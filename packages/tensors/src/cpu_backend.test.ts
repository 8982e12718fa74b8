import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MergeBackend, MergeJob } from './backend.ts';
import { createCpuBackend, type CpuBackendOptions } from './cpu_backend.ts';
import { CpuWorkerError } from './cpu_worker_error.ts';
import { bf16ToF32, f16ToF32, f32FromBits, f32ToBf16, f32ToF16, floatDtypeBytes, type FloatDtype } from './dtype.ts';
import { denoWorkers } from './runtime/deno/worker_runtime.ts';
import { nodeWorkers } from './runtime/node/worker_runtime.ts';
import type { WorkerRuntime } from './worker_runtime.ts';

/** This runtime's threads: worker_threads under Node, Web Workers under Deno. */
const workers: WorkerRuntime = 'Deno' in globalThis ? denoWorkers : nodeWorkers;

/** Every way the backend runs: results must be the same bits in each. */
const SETUPS: readonly { readonly label: string; readonly options: CpuBackendOptions }[] = [
  { label: 'on the calling thread', options: {} },
  { label: 'on the calling thread and 1 worker', options: { workers, threads: 2 } },
  { label: 'on the calling thread and 3 workers', options: { workers, threads: 4 } },
];

/** Runs `body` with a backend of each setup, closing it whatever happens. */
async function eachSetup(body: (backend: MergeBackend, label: string) => Promise<void>): Promise<void> {
  for (const { label, options } of SETUPS) {
    const backend = createCpuBackend(options);
    try {
      await body(backend, label);
    } finally {
      await backend.close();
    }
  }
}

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
  const size = floatDtypeBytes(dtype);
  for (let at = 0; at < actual.length; at += size) {
    let equal = true;
    for (let k = 0; k < size; k++) equal &&= actual[at + k] === expected[at + k];
    if (equal) continue;
    const [x] = decoders[dtype](actual.slice(at, at + size));
    const [e] = decoders[dtype](expected.slice(at, at + size));
    assert.ok(Number.isNaN(x) && Number.isNaN(e), `element ${at / size}: ${x} vs ${e}`);
  }
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

test('property: the CPU backend is bit-identical to the specification for every dtype pair and any bits (NaN, ±∞, subnormals), on any number of threads', async () => {
  await eachSetup(async (backend) => {
    for (const dtype of dtypes) {
      for (const outDtype of dtypes) {
        await fc.assert(fc.asyncProperty(jobArbitrary(dtype, outDtype), async (job) => {
          sameBits(await backend.merge(job), specification(job), outDtype);
        }), { numRuns: 60 });
      }
    }
  });
});

test('property: jobs long enough to be split between threads give the same bits on 1 and 3 threads as the specification', async () => {
  const one = createCpuBackend({ workers, threads: 1 });
  const three = createCpuBackend({ workers, threads: 3 });
  try {
    for (const dtype of dtypes) {
      for (const outDtype of dtypes) {
        // 65 537 to 100 000 elements: two or three parts of multiples of 16 elements, and a tail.
        const long = fc.record({
          elements: fc.integer({ min: 65_537, max: 100_000 }),
          seed: fc.nat(),
          weights: fc.array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
        }).map(({ elements, seed, weights }): MergeJob => ({
          inputs: weights.map((_, j) => randomBits(elements * floatDtypeBytes(dtype), seed + j)),
          weights: weights.map((w) => w / weights.reduce((a, b) => a + b, 0)),
          dtype,
          outDtype,
        }));
        await fc.assert(fc.asyncProperty(long, async (job) => {
          const expected = specification(job);
          sameBits(await one.merge(job), expected, outDtype);
          sameBits(await three.merge(job), expected, outDtype);
        }), { numRuns: 1 });
      }
    }
  } finally {
    await Promise.all([one.close(), three.close()]);
  }
});

/** `bytes` seeded random bytes (any bit pattern, NaNs included). */
function randomBits(bytes: number, seed: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(bytes / 4));
  let state = (seed * 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  return new Uint8Array(words.buffer, 0, bytes);
}

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

test('long tensors, odd byte offsets and many models give the specification\'s bits on any number of threads', async () => {
  const n = 70_001;
  const a = encode(Array.from({ length: n }, (_, i) => Math.sin(i)), 'BF16');
  const b = encode(Array.from({ length: n }, (_, i) => Math.cos(i)), 'BF16');
  const job: MergeJob = { inputs: [a, b], weights: [0.25, 0.75], dtype: 'BF16', outDtype: 'BF16' };
  const shifted = new Uint8Array(a.length + 1);
  shifted.set(a, 1);
  const many: MergeJob = { inputs: Array.from({ length: 12 }, (_, j) => (j % 2 === 0 ? a : b).subarray(0, 2 * 20_001)), weights: Array.from({ length: 12 }, () => 1 / 12), dtype: 'BF16', outDtype: 'F16' };
  await eachSetup(async (backend, label) => {
    assert.deepEqual(await backend.merge(job), specification(job), label);
    assert.deepEqual(await backend.merge({ ...job, inputs: [shifted.subarray(1), b] }), specification(job), `${label}, odd offset`);
    assert.deepEqual(await backend.merge(many), specification(many), `${label}, 12 models`);
    const into = new Uint8Array(2 * n);
    assert.equal(await backend.merge({ ...job, output: into }), into, `${label}: the result lands in the output given`);
    assert.deepEqual(into, specification(job));
  });
});

test('rounding to bf16 and f16 matches the scalar codecs on every f32 exponent and mantissa edge', async () => {
  // Every top half, with low halves at the ties and near-ties of both formats.
  const lows = [0x0000, 0x0001, 0x0fff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x3000, 0x7fff, 0x8000, 0x8001, 0xffff];
  const bits = new Uint32Array(65536 * lows.length);
  lows.forEach((low, k) => {
    for (let high = 0; high < 65536; high++) bits[k * 65536 + high] = ((high << 16) | low) >>> 0;
  });
  const input = new Uint8Array(bits.buffer);
  await eachSetup(async (backend, label) => {
    for (const outDtype of ['BF16', 'F16'] as const) {
      const job: MergeJob = { inputs: [input], weights: [1], dtype: 'F32', outDtype };
      const got = new Uint16Array((await backend.merge(job)).buffer);
      const encode = outDtype === 'BF16' ? f32ToBf16 : f32ToF16;
      const isNaN16 = (h: number): boolean => (outDtype === 'BF16' ? (h & 0x7f80) === 0x7f80 && (h & 0x7f) !== 0 : (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0);
      bits.forEach((u, i) => {
        const expected = encode(f32FromBits(u));
        assert.ok(got[i] === expected || (isNaN16(got[i]!) && isNaN16(expected)), `${label}: ${outDtype} of f32 0x${u.toString(16)}: 0x${got[i]!.toString(16)} vs 0x${expected.toString(16)}`);
      });
    }
  });
});

test('property: jobs computed in place in lent buffers give the same bits as jobs from anywhere else, and touch no byte outside their output', async () => {
  await eachSetup(async (backend) => {
    for (const dtype of dtypes) {
      for (const outDtype of dtypes) {
        await fc.assert(fc.asyncProperty(jobArbitrary(dtype, outDtype, 3000), fc.nat(7), async (job, skew) => {
          const inBytes = job.inputs[0]!.length;
          const outBytes = (inBytes / floatDtypeBytes(dtype)) * floatDtypeBytes(outDtype);
          // Views at odd offsets (`skew`), with the rest of every buffer full of 0xff (NaN patterns):
          // no neighbour's bytes may leak into the result, and nothing past the output may change.
          const lent = backend.lendBuffers!([...job.inputs.map(() => inBytes + 40), outBytes + 40]);
          for (const buffer of lent.buffers) buffer.fill(0xff);
          const inputs = job.inputs.map((input, j) => {
            const view = lent.buffers[j]!.subarray(skew, skew + inBytes);
            view.set(input);
            return view;
          });
          const output = lent.buffers[job.inputs.length]!.subarray(skew, skew + outBytes);
          try {
            const result = await backend.merge({ ...job, inputs, output });
            assert.equal(result, output);
            sameBits(result, await backend.merge(job), outDtype);
            sameBits(result, specification(job), outDtype);
            const around = lent.buffers[job.inputs.length]!;
            assert.ok(around.subarray(0, skew).every((b) => b === 0xff) && around.subarray(skew + outBytes).every((b) => b === 0xff), 'bytes outside the output are untouched');
            inputs.forEach((view, j) => assert.deepEqual(view, job.inputs[j], 'inputs are not modified'));
          } finally {
            lent.release();
          }
        }), { numRuns: 5 });
      }
    }
  });
});

test('jobs merged at the same time, in lent buffers or not, each get the specification\'s bits (a job finding every worker busy runs on the calling thread)', async () => {
  const backend = createCpuBackend({ workers, threads: 3 });
  try {
    const jobs = Array.from({ length: 6 }, (_, k): MergeJob => ({ inputs: [randomBits(2 * 90_001, 3 * k), randomBits(2 * 90_001, 3 * k + 1)], weights: [0.375, 0.625], dtype: 'BF16', outDtype: k % 2 === 0 ? 'BF16' : 'F32' }));
    const lent = backend.lendBuffers!(jobs.flatMap(() => [2 * 90_001, 2 * 90_001, 4 * 90_001]));
    const inPlace = jobs.map((job, k) => {
      job.inputs.forEach((input, j) => lent.buffers[3 * k + j]!.set(input));
      return { ...job, inputs: lent.buffers.slice(3 * k, 3 * k + 2), output: lent.buffers[3 * k + 2]!.subarray(0, (job.outDtype === 'F32' ? 4 : 2) * 90_001) };
    });
    const results = await Promise.all([...inPlace, ...jobs].map((job) => backend.merge(job)));
    results.forEach((result, i) => sameBits(result, specification(jobs[i % jobs.length]!), jobs[i % jobs.length]!.outDtype));
    lent.release();
  } finally {
    await backend.close();
  }
});

test('malformed jobs and options are refused', async () => {
  const backend = createCpuBackend();
  await assert.rejects(backend.merge({ inputs: [], weights: [], dtype: 'F32', outDtype: 'F32' }), RangeError);
  await assert.rejects(backend.merge({ inputs: [new Uint8Array(4)], weights: [0.5, 0.5], dtype: 'F32', outDtype: 'F32' }), RangeError);
  await assert.rejects(backend.merge({ inputs: [new Uint8Array(4), new Uint8Array(8)], weights: [0.5, 0.5], dtype: 'F32', outDtype: 'F32' }), RangeError);
  await assert.rejects(backend.merge({ inputs: [new Uint8Array(3)], weights: [1], dtype: 'BF16', outDtype: 'F32' }), RangeError);
  await assert.rejects(backend.merge({ inputs: [new Uint8Array(4)], weights: [1], dtype: 'BF16', outDtype: 'F32', output: new Uint8Array(4) }), /must hold 2 F32 elements \(8 bytes\), not 4/);
  assert.equal(backend.name, 'cpu');
  await backend.close();
  await assert.rejects(backend.merge({ inputs: [new Uint8Array(4)], weights: [1], dtype: 'F32', outDtype: 'F32' }), CpuWorkerError);
  for (const threads of [0, 1.5, -2]) assert.throws(() => createCpuBackend({ workers, threads }), /threads must be a positive integer/);
  assert.throws(() => createCpuBackend({ threads: 2 }), /2 threads need a way to start them: pass workers/);
});

test('by default the arithmetic runs on the cores the runtime\'s I/O threads leave', async () => {
  const machine = (cores: number, io: number): WorkerRuntime => ({ ...workers, availableParallelism: () => cores, ioThreads: () => io });
  for (const [cores, io, threads] of [[2, 1, 1], [2, 4, 1], [8, 4, 4], [32, 4, 28]] as const) {
    const backend = createCpuBackend({ workers: machine(cores, io) });
    assert.equal(backend.parallelism, threads, `${cores} cores, ${io} I/O threads`);
    await backend.close();
  }
  const asked = createCpuBackend({ workers: machine(2, 1), threads: 3 });
  assert.equal(asked.parallelism, 3);
  await asked.close();
  assert.equal(createCpuBackend().parallelism, 1);
});

/** `workers` whose scripts are wrapped by `wrap` (the source of a function of the real handler). */
function tampered(wrap: string): WorkerRuntime {
  return { availableParallelism: () => 2, ioThreads: () => 1, start: (script, events) => workers.start(`(post) => (${wrap})((${script})(post))`, events) };
}

/** Long enough (70 000 elements) for 2 threads to split it: the worker gets a part. */
const JOB: MergeJob = { inputs: [randomBits(140_000, 1), randomBits(140_000, 2)], weights: [0.5, 0.5], dtype: 'BF16', outDtype: 'BF16' };

test('a worker that fails (an uncaught error in the thread) fails the merge with a CpuWorkerError, and every merge after it, instead of hanging', async () => {
  const backend = createCpuBackend({ workers: tampered(`(handle) => (message) => { if (message.type === 'run') throw new Error('injected failure'); handle(message); }`), threads: 2 });
  await assert.rejects(backend.merge(JOB), (error: unknown) => error instanceof CpuWorkerError && /CPU worker thread 1 of 1 failed: .*injected failure/.test(error.message));
  await assert.rejects(backend.merge(JOB), CpuWorkerError);
  await backend.close();
});

test('a trap in the kernel (an access outside its memory) fails the merge with a CpuWorkerError naming it', async () => {
  const backend = createCpuBackend({ workers: tampered(`(handle) => (message) => handle(message.type === 'run' ? { ...message, dst: 0x7ffffff0 } : message)`), threads: 2 });
  await assert.rejects(backend.merge(JOB), (error: unknown) => error instanceof CpuWorkerError && /the CPU kernel failed in a worker thread: .*(out of bounds|outside)/i.test(error.message));
  await backend.close();
});

test('closing the backend during a merge settles it (done or CpuWorkerError) and stops the workers', async () => {
  const backend = createCpuBackend({ workers, threads: 2 });
  const big: MergeJob = { inputs: [randomBits(2 * 400_000, 1), randomBits(2 * 400_000, 2)], weights: [0.5, 0.5], dtype: 'BF16', outDtype: 'BF16' };
  const merging = backend.merge(big).then(() => 'done', (error: unknown) => (error instanceof CpuWorkerError ? 'stopped' : `unexpected ${String(error)}`));
  await backend.close();
  assert.match(await merging, /^(done|stopped)$/);
  await assert.rejects(backend.merge(JOB), /closed/);
});
