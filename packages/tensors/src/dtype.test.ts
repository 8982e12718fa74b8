import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bf16FromF32Bits, bf16ToF32, DTYPE_BITS, DTYPES, f16ToF32, f32Bits, f32FromBits, f32ToBf16, f32ToF16,
  floatDtypeBytes, isDtype, isFloatDtype,
} from './dtype.ts';

const isNaNBits16 = (bits: number, exponentMask: number, mantissaMask: number): boolean => (bits & exponentMask) === exponentMask && (bits & mantissaMask) !== 0;
const isBf16NaN = (bits: number): boolean => isNaNBits16(bits, 0x7f80, 0x007f);
const isF16NaN = (bits: number): boolean => isNaNBits16(bits, 0x7c00, 0x03ff);

/**
 * An independent float64 model of rounding to a binary format with `precision` significand bits,
 * minimum normal exponent `minExponent` and largest finite value `max`: round-to-nearest-even on
 * the exact quotient by the quantum (a power of two, so the division is exact).
 */
function roundToFormat(x: number, precision: number, minExponent: number, max: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  // log2 can be off by one next to powers of two: settle the exponent exactly.
  let e = Math.floor(Math.log2(Math.abs(x)));
  while (2 ** e > Math.abs(x)) e -= 1;
  while (2 ** (e + 1) <= Math.abs(x)) e += 1;
  e = Math.max(e, minExponent);
  const quantum = 2 ** (e - precision + 1);
  const q = x / quantum;
  let r = Math.round(q);
  // Math.round rounds halves up; ties go to even.
  if (Math.abs(q - Math.trunc(q)) === 0.5) r = 2 * Math.round(q / 2);
  const rounded = r * quantum;
  // Beyond max + half a quantum (ties to even go up, as max's significand is odd) is infinity.
  const limit = max + 2 ** (Math.floor(Math.log2(max)) - precision);
  if (Math.abs(x) >= limit) return x > 0 ? Infinity : -Infinity;
  return rounded === 0 ? (x < 0 ? -0 : 0) : rounded;
}

const F16_MAX = 65504;
const BF16_MAX = f32FromBits(0x7f7f0000);
const f16Reference = (x: number): number => roundToFormat(x, 11, -14, F16_MAX);
const bf16Reference = (x: number): number => roundToFormat(x, 8, -126, BF16_MAX);

test('every one of the 65536 bf16 patterns decodes exactly and encodes back to itself (NaN stays NaN)', () => {
  for (let bits = 0; bits < 65536; bits++) {
    const value = bf16ToF32(bits);
    if (isBf16NaN(bits)) {
      assert.ok(Number.isNaN(value));
      assert.ok(isBf16NaN(f32ToBf16(value)), `bf16 NaN ${bits.toString(16)} must stay NaN`);
    } else {
      assert.equal(f32Bits(value), bits << 16 >>> 0, 'bf16 is the top half of an f32');
      assert.equal(f32ToBf16(value), bits, `bf16 ${bits.toString(16)}`);
    }
  }
});

test('every one of the 65536 f16 patterns decodes exactly and encodes back to itself (NaN stays NaN)', () => {
  for (let bits = 0; bits < 65536; bits++) {
    const value = f16ToF32(bits);
    if (isF16NaN(bits)) {
      assert.ok(Number.isNaN(value));
      assert.ok(isF16NaN(f32ToF16(value)), `f16 NaN ${bits.toString(16)} must stay NaN`);
    } else {
      assert.equal(Math.fround(value), value, 'f16 values are f32 values');
      assert.equal(f32ToF16(value), bits, `f16 ${bits.toString(16)}`);
    }
  }
});

test('f16 decoding matches the IEEE formula, subnormals and signed zero included', () => {
  assert.equal(f16ToF32(0x3c00), 1);
  assert.equal(f16ToF32(0xc000), -2);
  assert.equal(f16ToF32(0x7bff), 65504);
  assert.equal(f16ToF32(0x0001), 2 ** -24);
  assert.equal(f16ToF32(0x03ff), 1023 * 2 ** -24);
  assert.equal(f16ToF32(0x0400), 2 ** -14);
  assert.ok(Object.is(f16ToF32(0x8000), -0));
  assert.equal(f16ToF32(0x7c00), Infinity);
  assert.equal(f16ToF32(0xfc00), -Infinity);
});

/** Every midpoint between neighbouring finite values of a 16-bit format, and the f32 values just around it. */
function midpointsAndNeighbours(decode: (bits: number) => number, isNaN16: (bits: number) => boolean): number[] {
  const values: number[] = [];
  for (let bits = 0; bits < 0x7fff; bits++) {
    if (isNaN16(bits) || isNaN16(bits + 1)) continue;
    const a = decode(bits);
    const b = decode(bits + 1);
    if (!Number.isFinite(b)) continue;
    const mid = (a + b) / 2;
    assert.equal(Math.fround(mid), mid, 'midpoints of 16-bit floats are f32 values');
    const midBits = f32Bits(mid);
    for (const candidate of [mid, f32FromBits(midBits - 1), f32FromBits(midBits + 1)]) values.push(candidate, -candidate);
  }
  return values;
}

test('f32 → f16 rounds every tie to even and every near-tie correctly (float64 reference)', () => {
  for (const x of midpointsAndNeighbours(f16ToF32, isF16NaN)) {
    assert.ok(Object.is(f16ToF32(f32ToF16(x)), f16Reference(x)), `f32ToF16(${x}) = ${f16ToF32(f32ToF16(x))}, expected ${f16Reference(x)}`);
  }
  assert.equal(f32ToF16(1 + 2 ** -11), 0x3c00, '1 + half an ulp ties to the even 1');
  assert.equal(f32ToF16(1 + 3 * 2 ** -11), 0x3c02, '1 + 1.5 ulp ties to the even 1 + 2 ulp');
});

test('f32 → bf16 rounds every tie to even and every near-tie correctly (float64 reference)', () => {
  for (const x of midpointsAndNeighbours(bf16ToF32, isBf16NaN)) {
    assert.ok(Object.is(bf16ToF32(f32ToBf16(x)), bf16Reference(x)), `f32ToBf16(${x}) = ${bf16ToF32(f32ToBf16(x))}, expected ${bf16Reference(x)}`);
  }
  assert.equal(f32ToBf16(1 + 2 ** -8), 0x3f80, '1 + half an ulp ties to the even 1');
  assert.equal(f32ToBf16(1 + 3 * 2 ** -8), 0x3f82);
});

test('overflow, infinities, NaN and underflow at the edges of f16 and bf16', () => {
  assert.equal(f32ToF16(65519.99), 0x7bff, 'below the overflow midpoint stays at the largest finite f16');
  assert.equal(f32ToF16(65520), 0x7c00, 'the midpoint to 65536 ties to even: infinity');
  assert.equal(f32ToF16(-1e10), 0xfc00);
  assert.equal(f32ToF16(Infinity), 0x7c00);
  assert.ok(isF16NaN(f32ToF16(NaN)));
  assert.equal(f32ToF16(2 ** -25), 0x0000, 'half the smallest subnormal ties to even zero');
  assert.equal(f32ToF16(f32FromBits(f32Bits(2 ** -25) + 1)), 0x0001, 'just above it rounds up');
  assert.equal(f32ToF16(-(2 ** -26)), 0x8000, 'keeps the sign of zero');
  assert.equal(f32ToBf16(f32FromBits(0x7f7fffff)), 0x7f80, 'the largest f32 rounds to bf16 infinity');
  assert.equal(f32ToBf16(-Infinity), 0xff80);
  assert.ok(isBf16NaN(f32ToBf16(NaN)));
  assert.ok(isBf16NaN(bf16FromF32Bits(0x7f800001)), 'a NaN whose payload is only in the low bits stays NaN, not infinity');
  assert.ok(isBf16NaN(bf16FromF32Bits(0xffffffff)), 'an all-ones NaN does not carry into the sign');
  assert.equal(f32ToBf16(f32FromBits(0x00000001)), 0x0000, 'f32 subnormals round like any value');
  assert.equal(f32ToBf16(f32FromBits(0x00008000)), 0x0000);
  assert.equal(f32ToBf16(f32FromBits(0x00018000)), 0x0002);
});

test('any f32 rounds to f16 and bf16 as the float64 reference does', () => {
  fc.assert(fc.property(fc.float({ noNaN: true }), (x) => {
    assert.ok(Object.is(f16ToF32(f32ToF16(x)), f16Reference(x)), `f16 of ${x}`);
    assert.ok(Object.is(bf16ToF32(f32ToBf16(x)), bf16Reference(x)), `bf16 of ${x}`);
  }), { numRuns: 20000 });
});

test('the dtype table covers the safetensors types with their widths', () => {
  assert.equal(DTYPES.length, new Set(DTYPES).size);
  for (const dtype of DTYPES) assert.ok(isDtype(dtype) && DTYPE_BITS[dtype] > 0);
  assert.ok(!isDtype('F128') && !isDtype('bf16'));
  assert.deepEqual(DTYPES.filter(isFloatDtype), ['F16', 'BF16', 'F32']);
  assert.equal(floatDtypeBytes('F32'), 4);
  assert.equal(floatDtypeBytes('BF16'), 2);
});
