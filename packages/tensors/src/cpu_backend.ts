/**
 * The merge arithmetic in TypeScript on typed arrays, exactly as {@link MergeBackend} specifies.
 *
 * Every product `w_j · x` of a 16-bit input is one of 65536 values, so it is looked up in a table
 * of `fround(w_j · decode(bits))` built once per (dtype, weight): the inner loop is a load and an
 * f32 add. JavaScript has f32 semantics through `Math.fround` and `Float32Array` stores: the f64
 * product of two f32 values is exact, and an f64 sum of two f32 values rounded to f32 equals the
 * f32 sum (f64 has more than 2·24 + 2 bits), so the results are bit-exact, not merely close.
 * Elements are processed in blocks that stay in cache, with the f32 accumulator reused.
 * @module
 */
import type { MergeBackend, MergeJob } from './backend.ts';
import { bf16FromF32Bits, f16FromF32Bits, f16ToF32, floatDtypeBytes, type FloatDtype } from './dtype.ts';

/** Elements per block: the accumulator (64 KiB) and tables stay in L2 across the passes. */
const BLOCK = 16384;
/** Product tables kept (256 KiB each): enough for every (dtype, weight) pair of a large soup. */
const MAX_TABLES = 64;

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** The 65536 values of a 16-bit float type, decoded exactly to f32. */
function decodedValues(dtype: 'F16' | 'BF16'): Float32Array {
  const values = new Float32Array(65536);
  if (dtype === 'BF16') {
    const bits = new Uint32Array(values.buffer);
    for (let u = 0; u < 65536; u++) bits[u] = u << 16;
  } else {
    for (let u = 0; u < 65536; u++) values[u] = f16ToF32(u);
  }
  return values;
}

function view16(bytes: Uint8Array): Uint16Array {
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
}

function view32(bytes: Uint8Array): Float32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
}

// One small monomorphic function per pass keeps each loop simple for the JIT.

function firstFromTable(acc: Float32Array, count: number, table: Float32Array, x: Uint16Array, start: number): void {
  for (let i = 0; i < count; i++) acc[i] = table[x[start + i]!]!;
}

function addFromTable(acc: Float32Array, count: number, table: Float32Array, x: Uint16Array, start: number): void {
  for (let i = 0; i < count; i++) acc[i] = acc[i]! + table[x[start + i]!]!;
}

function firstF32(acc: Float32Array, count: number, weight: number, x: Float32Array, start: number): void {
  for (let i = 0; i < count; i++) acc[i] = weight * x[start + i]!;
}

function addF32(acc: Float32Array, count: number, weight: number, x: Float32Array, start: number): void {
  for (let i = 0; i < count; i++) acc[i] = acc[i]! + Math.fround(weight * x[start + i]!);
}

function encodeBf16(bits: Uint32Array, count: number, out: Uint16Array, start: number): void {
  for (let i = 0; i < count; i++) {
    const u = bits[i]!;
    out[start + i] = (u & 0x7fffffff) > 0x7f800000 ? (u >>> 16) | 0x40 : (u + 0x7fff + ((u >>> 16) & 1)) >>> 16;
  }
}

function encodeF16(bits: Uint32Array, count: number, out: Uint16Array, start: number): void {
  for (let i = 0; i < count; i++) out[start + i] = f16FromF32Bits(bits[i]!);
}

type Input = { readonly kind: 'table'; readonly table: Float32Array; readonly x: Uint16Array } | { readonly kind: 'f32'; readonly weight: number; readonly x: Float32Array };

function checkJob(job: MergeJob): number {
  const { inputs, weights, dtype } = job;
  if (inputs.length === 0 || inputs.length !== weights.length) {
    throw new RangeError(`a merge job needs one weight per input and at least one input (got ${inputs.length} inputs, ${weights.length} weights)`);
  }
  const bytes = floatDtypeBytes(dtype);
  const length = inputs[0]!.length;
  if (length % bytes !== 0 || inputs.some((input) => input.length !== length)) {
    throw new RangeError(`merge job inputs must all be whole ${dtype} arrays of the same length (got ${inputs.map((i) => i.length).join(', ')} bytes)`);
  }
  return length / bytes;
}

/**
 * A {@link MergeBackend} that runs on the calling thread. Results are bit-identical to the
 * specification (decode, f32 products and sums in input order, one rounding to the output type).
 */
export function createCpuBackend(): MergeBackend {
  if (!isLittleEndian()) throw new Error('the CPU merge backend reads safetensors data through typed arrays and needs a little-endian host');
  const decoded = new Map<'F16' | 'BF16', Float32Array>();
  const tables = new Map<string, Float32Array>();
  const scratch = new Float32Array(BLOCK);
  const scratchBits = new Uint32Array(scratch.buffer);

  function table(dtype: 'F16' | 'BF16', weight: number): Float32Array {
    const key = `${dtype}:${weight}`;
    const cached = tables.get(key);
    if (cached !== undefined) {
      tables.delete(key);
      tables.set(key, cached);
      return cached;
    }
    let values = decoded.get(dtype);
    if (values === undefined) {
      values = decodedValues(dtype);
      decoded.set(dtype, values);
    }
    const products = new Float32Array(65536);
    for (let u = 0; u < 65536; u++) products[u] = weight * values[u]!;
    if (tables.size >= MAX_TABLES) tables.delete(tables.keys().next().value!);
    tables.set(key, products);
    return products;
  }

  function prepare(bytes: Uint8Array, dtype: FloatDtype, weight: number): Input {
    return dtype === 'F32' ? { kind: 'f32', weight, x: view32(bytes) } : { kind: 'table', table: table(dtype, weight), x: view16(bytes) };
  }

  return {
    name: 'cpu',
    async merge(job: MergeJob): Promise<Uint8Array> {
      const elements = checkJob(job);
      const inputs = job.inputs.map((bytes, j) => prepare(bytes, job.dtype, Math.fround(job.weights[j]!)));
      const out = new Uint8Array(elements * floatDtypeBytes(job.outDtype));
      const out32 = job.outDtype === 'F32' ? new Float32Array(out.buffer) : undefined;
      const out16 = job.outDtype === 'F32' ? undefined : new Uint16Array(out.buffer);
      for (let start = 0; start < elements; start += BLOCK) {
        const count = Math.min(BLOCK, elements - start);
        const acc = out32 === undefined ? scratch : out32.subarray(start, start + count);
        inputs.forEach((input, j) => {
          if (input.kind === 'table') (j === 0 ? firstFromTable : addFromTable)(acc, count, input.table, input.x, start);
          else (j === 0 ? firstF32 : addF32)(acc, count, input.weight, input.x, start);
        });
        if (out16 !== undefined) (job.outDtype === 'BF16' ? encodeBf16 : encodeF16)(scratchBits, count, out16, start);
      }
      return out;
    },
    async close(): Promise<void> {
      tables.clear();
      decoded.clear();
    },
  };
}
