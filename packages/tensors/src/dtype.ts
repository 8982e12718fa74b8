/**
 * Element types of safetensors files and the exact conversions between the 16-bit float formats
 * and f32. Conversions to a narrower format round to nearest, ties to even (as PyTorch does), keep
 * infinities, and keep NaN a NaN (quietened) rather than letting rounding carry it into infinity.
 */

/** The float element types soce merges, as safetensors spells them. */
export const FLOAT_DTYPES = ['BF16', 'F16', 'F32'] as const;

/** One of {@link FLOAT_DTYPES}. */
export type FloatDtype = (typeof FLOAT_DTYPES)[number];

/** How people name the float types soce merges: flags, recipes and `soce.yaml` take these. */
export const FLOAT_DTYPE_NAMES = ['bf16', 'f16', 'f32'] as const;

/** One of {@link FLOAT_DTYPE_NAMES}. */
export type FloatDtypeName = (typeof FLOAT_DTYPE_NAMES)[number];

/** PyTorch's names of the float types, as `config.json` (`torch_dtype`) and mergekit (`dtype`) spell them. */
export const TORCH_DTYPE_NAMES: Readonly<Record<FloatDtype, string>> = { BF16: 'bfloat16', F16: 'float16', F32: 'float32' };

/** Other spellings people use for the float types, PyTorch's and its aliases among them. */
const FLOAT_DTYPE_ALIASES: Readonly<Record<string, FloatDtype>> = {
  bfloat16: 'BF16', fp16: 'F16', float16: 'F16', half: 'F16', fp32: 'F32', float32: 'F32', float: 'F32',
};

/** The float type `name` names: ours (`bf16`), safetensors' (`BF16`) or PyTorch's (`bfloat16`, `half`…). */
export function parseFloatDtype(name: string): FloatDtype | undefined {
  const lower = name.toLowerCase();
  const index = (FLOAT_DTYPE_NAMES as readonly string[]).indexOf(lower);
  return index >= 0 ? FLOAT_DTYPES[index] : FLOAT_DTYPE_ALIASES[lower];
}

/** The name people use for `dtype` (`BF16` → `bf16`). */
export function floatDtypeName(dtype: FloatDtype): FloatDtypeName {
  return FLOAT_DTYPE_NAMES[FLOAT_DTYPES.indexOf(dtype)]!;
}

/** Every element type the safetensors format defines (as of huggingface/safetensors 0.8.0, which added the FNUZ float8 types). */
export const DTYPES = [
  'BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F8_E4M3FNUZ', 'F8_E5M2FNUZ', 'F4', 'F6_E2M3', 'F6_E3M2',
  'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'I64', 'U64', 'F64', 'C64',
] as const;

/** An element type of a safetensors file. */
export type Dtype = (typeof DTYPES)[number];

/**
 * Bits per element. Sub-byte types (F4, F6) are packed; safetensors requires their tensors to fill
 * whole bytes.
 */
export const DTYPE_BITS: Readonly<Record<Dtype, number>> = {
  BOOL: 8, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, F8_E4M3FNUZ: 8, F8_E5M2FNUZ: 8, F4: 4, F6_E2M3: 6, F6_E3M2: 6,
  I16: 16, U16: 16, F16: 16, BF16: 16, I32: 32, U32: 32, F32: 32, I64: 64, U64: 64, F64: 64, C64: 64,
};

/** Whether `dtype` is one of the float types soce averages. */
export function isFloatDtype(dtype: string): dtype is FloatDtype {
  return (FLOAT_DTYPES as readonly string[]).includes(dtype);
}

/** Whether `name` is an element type the safetensors format defines. */
export function isDtype(name: string): name is Dtype {
  return (DTYPES as readonly string[]).includes(name);
}

/** Bytes per element of a float type soce merges. */
export function floatDtypeBytes(dtype: FloatDtype): 2 | 4 {
  return dtype === 'F32' ? 4 : 2;
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** The IEEE-754 bit pattern of `x` rounded to f32. */
export function f32Bits(x: number): number {
  scratchF32[0] = x;
  return scratchU32[0]!;
}

/** The f32 value whose bit pattern is `bits`. */
export function f32FromBits(bits: number): number {
  scratchU32[0] = bits >>> 0;
  return scratchF32[0]!;
}

/** A bf16 bit pattern as an f32 value (exact: bf16 is the top half of an f32). */
export function bf16ToF32(bits: number): number {
  return f32FromBits((bits & 0xffff) << 16);
}

/** Rounds an f32 value (given as a number) to bf16, ties to even; returns the 16-bit pattern. */
export function f32ToBf16(x: number): number {
  return bf16FromF32Bits(f32Bits(x));
}

/** {@link f32ToBf16} on an f32 bit pattern: the form hot loops over `Uint32Array` views use. */
export function bf16FromF32Bits(u: number): number {
  if ((u & 0x7f800000) === 0x7f800000 && (u & 0x007fffff) !== 0) return ((u >>> 16) | 0x0040) & 0xffff;
  return ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
}

/** An f16 bit pattern as an f32 value (exact). */
export function f16ToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Rounds an f32 value (given as a number) to f16, ties to even; returns the 16-bit pattern. */
export function f32ToF16(x: number): number {
  return f16FromF32Bits(f32Bits(x));
}

/** {@link f32ToF16} on an f32 bit pattern: the form hot loops over `Uint32Array` views use. */
export function f16FromF32Bits(u: number): number {
  const sign = (u >>> 16) & 0x8000;
  const exponent = (u >>> 23) & 0xff;
  const mantissa = u & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 | (mantissa >>> 13) : 0);
  // Rebias from f32 (127) to f16 (15).
  const e = exponent - 112;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal in f16 (or zero): shift the full significand right and round once.
    if (e < -10) return sign;
    const significand = mantissa | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = significand & ((1 << shift) - 1);
    let result = significand >>> shift;
    if (rest > half || (rest === half && (result & 1) === 1)) result += 1;
    return sign | result;
  }
  let result = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rest > 0x1000 || (rest === 0x1000 && (result & 1) === 1)) result += 1;
  return sign | result;
}
