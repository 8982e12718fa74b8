import type { FloatDtype } from './dtype.ts';
import type { PassStart, PassTarget } from './webgpu_plan.ts';

/**
 * The WGSL of the weighted-sum kernel. Every invocation handles one pair of elements: one packed
 * 32-bit word of f16/bf16 or two f32 words. 16-bit values are read as `array<u32>` and converted
 * with integer operations only, so the kernel needs no `shader-f16` feature and does not depend on
 * how a driver treats f16 subnormals; the result is rounded to the output type with
 * round-to-nearest-even in integer arithmetic too, which keeps NaN a NaN and infinities infinite.
 * Buffers are padded to whole pairs, so an odd element count only adds one discarded lane.
 *
 * GPUs may read subnormal f32 operands as zero and flush subnormal results to zero; the CPU does
 * neither. So the sum runs on the hardware's f32 units while integer tests flag every pair where
 * an operand was subnormal or a result underflowed; `main` leaves those pairs unwritten and lists
 * them, and `fixup`, dispatched indirectly over the list, sums them again with IEEE-754 arithmetic
 * done in integers. The exact path lives in its own entry point because software rasterisers such
 * as SwiftShader run both sides of a branch, taken or not, and would pay for it on every pair.
 */

/** What one compiled kernel does. */
export interface KernelSpec {
  /** Inputs the kernel reads, bound at 1…inputs. */
  readonly inputs: number;
  /** Element type of every input. */
  readonly inDtype: FloatDtype;
  /** Where the sum starts. */
  readonly start: PassStart;
  /** Where the sum goes: the f32 accumulator, or the output in the given type. */
  readonly target: Exclude<PassTarget, 'output'> | { readonly output: FloatDtype };
  /** Invocations per workgroup along x. */
  readonly workgroupSize: number;
}

/** The binding numbers of the kernel's resources (group 0). */
export const BINDING = {
  /** The weights of the pass's inputs, as f32 in `vec4` slots. */
  weights: 0,
  /** The first input; input `i` of the pass is at `input + i`. */
  input: 1,
  /** The f32 accumulator, as binding `accumulator(inputs)`. */
  accumulator: (inputs: number): number => inputs + 1,
  /** The output, as binding `output(inputs)`. */
  output: (inputs: number): number => inputs + 2,
  /** The list of pairs `main` left to `fixup`, written by `main` as binding `flagged(inputs)`. */
  flagged: (inputs: number): number => inputs + 3,
  /**
   * The same list read by `fixup` as binding `fixupList(inputs)`: read-only there, because the
   * buffer also holds `fixup`'s indirect dispatch arguments, and a buffer may not be both in one
   * dispatch unless every use reads.
   */
  fixupList: (inputs: number): number => inputs + 4,
} as const;

/**
 * Bytes before the items of the flagged list: the indirect dispatch arguments of `fixup`
 * (x, y, z) and the item count. `main` counts with atomics, so the header must be reset to
 * {@link FLAGGED_HEADER_RESET} before every dispatch of `main`.
 */
export const FLAGGED_HEADER_BYTES = 16;

/** The flagged list's header before `main` runs: no workgroups along x, one along y and z, no items. */
export const FLAGGED_HEADER_RESET: Uint32Array<ArrayBuffer> = new Uint32Array([0, 1, 1, 0]);

/** Workgroups `fixup` is dispatched with at most; its invocations stride over longer lists. */
export const FIXUP_MAX_WORKGROUPS = 1024;

/**
 * Bytes of the weights uniform of a kernel with `inputs` inputs: the weights as f32 in `vec4`
 * slots, then one `vec4<u32>` of zeros (see `opaque_zero` in the kernel).
 */
export function weightsBytes(inputs: number): number {
  return 16 * Math.ceil(inputs / 4) + 16;
}

/** Bytes per element pair of `dtype` in a kernel buffer. */
export function pairBytes(dtype: FloatDtype): 4 | 8 {
  return dtype === 'F32' ? 8 : 4;
}

/** A stable key for caching the pipeline compiled from `spec`. */
export function kernelKey(spec: KernelSpec): string {
  const target = spec.target === 'accumulator' ? 'acc' : spec.target.output;
  return `${spec.inputs}:${spec.inDtype}:${spec.start}:${target}:${spec.workgroupSize}`;
}

const PAIR_TYPE: Readonly<Record<FloatDtype, string>> = { F32: 'vec2<f32>', F16: 'u32', BF16: 'u32' };

// Integer-only conversions, ported from dtype.ts so both backends round identically.
const HELPERS = `
fn f16_to_f32(h: u32) -> f32 {
  let sign = (h & 0x8000u) << 16u;
  let exponent = (h >> 10u) & 0x1fu;
  let mantissa = h & 0x3ffu;
  if (exponent == 0x1fu) { return bitcast<f32>(sign | 0x7f800000u | (mantissa << 13u)); }
  if (exponent != 0u) { return bitcast<f32>(sign | ((exponent + 112u) << 23u) | (mantissa << 13u)); }
  if (mantissa == 0u) { return bitcast<f32>(sign); }
  // An f16 subnormal is an f32 normal: move its leading 1 to the implicit bit.
  let shift = 10u - firstLeadingBit(mantissa);
  return bitcast<f32>(sign | ((113u - shift) << 23u) | (((mantissa << shift) & 0x3ffu) << 13u));
}

fn is_nan_bits(u: u32) -> bool {
  return (u & 0x7fffffffu) > 0x7f800000u;
}

// hi:lo shifted right by s, rounded to nearest even; s <= 0 (an exact left shift) only for small lo.
fn shift_round(hi: u32, lo: u32, s: i32) -> u32 {
  if (s <= 0) { return lo << u32(-s); }
  if (s >= 64) { return 0u; }
  let n = u32(s);
  var kept: u32;
  var half: u32;
  var sticky: bool;
  if (n < 32u) {
    kept = (lo >> n) | (hi << (32u - n));
    half = (lo >> (n - 1u)) & 1u;
    sticky = (lo & ((1u << (n - 1u)) - 1u)) != 0u;
  } else if (n == 32u) {
    kept = hi;
    half = lo >> 31u;
    sticky = (lo & 0x7fffffffu) != 0u;
  } else {
    let t = n - 32u;
    kept = hi >> t;
    half = (hi >> (t - 1u)) & 1u;
    sticky = (hi & ((1u << (t - 1u)) - 1u)) != 0u || lo != 0u;
  }
  if (half == 1u && (sticky || (kept & 1u) == 1u)) { kept += 1u; }
  return kept;
}

// The f32 nearest (ties to even) to ±(hi:lo)·2^x, for hi:lo > 0, subnormal results included.
fn compose(sign: u32, hi: u32, lo: u32, x: i32) -> f32 {
  var lead = i32(firstLeadingBit(lo));
  if (hi != 0u) { lead = 32 + i32(firstLeadingBit(hi)); }
  let biased = lead + x + 127;
  if (biased >= 255) { return bitcast<f32>(sign | 0x7f800000u); }
  if (biased >= 1) {
    // A carry out of the rounded significand bumps the exponent, up to infinity.
    return bitcast<f32>(sign | ((u32(biased - 1) << 23u) + shift_round(hi, lo, lead - 23)));
  }
  // Subnormal: count units of 2^-149; rounding up to 2^23 units lands on the smallest normal.
  return bitcast<f32>(sign | shift_round(hi, lo, -149 - x));
}

fn significand(u: u32) -> u32 {
  return select((u & 0x7fffffu) | 0x800000u, u & 0x7fffffu, (u & 0x7f800000u) == 0u);
}

fn exponent_of(u: u32) -> i32 {
  return max(i32((u >> 23u) & 0xffu), 1);
}

// A quiet NaN. WGSL rejects NaN constants, so it is made from the operands' bits at run time.
fn nan_from(ua: u32, ub: u32) -> f32 {
  return bitcast<f32>(ua | ub | 0x7fc00000u);
}

// a·b in integer arithmetic, as IEEE-754 does it: for the rare operands a GPU may flush to zero.
fn mul_exact(a: f32, b: f32) -> f32 {
  let ua = bitcast<u32>(a);
  let ub = bitcast<u32>(b);
  let sign = (ua ^ ub) & 0x80000000u;
  if (is_nan_bits(ua) || is_nan_bits(ub)) { return nan_from(ua, ub); }
  let zero = (ua & 0x7fffffffu) == 0u || (ub & 0x7fffffffu) == 0u;
  if ((ua & 0x7f800000u) == 0x7f800000u || (ub & 0x7f800000u) == 0x7f800000u) {
    if (zero) { return nan_from(ua, ub); }
    return bitcast<f32>(sign | 0x7f800000u);
  }
  if (zero) { return bitcast<f32>(sign); }
  // The 48-bit product of the significands, from 16-bit halves.
  let fa = significand(ua);
  let fb = significand(ub);
  let low = (fa & 0xffffu) * (fb & 0xffffu);
  let mid = (fa & 0xffffu) * (fb >> 16u) + (fa >> 16u) * (fb & 0xffffu);
  let lo = low + (mid << 16u);
  let hi = (fa >> 16u) * (fb >> 16u) + (mid >> 16u) + select(0u, 1u, lo < low);
  return compose(sign, hi, lo, exponent_of(ua) + exponent_of(ub) - 300);
}

// a + b in integer arithmetic (3 guard bits, the last one sticky), as IEEE-754 does it.
fn add_exact(a: f32, b: f32) -> f32 {
  let ua = bitcast<u32>(a);
  let ub = bitcast<u32>(b);
  if (is_nan_bits(ua) || is_nan_bits(ub)) { return nan_from(ua, ub); }
  var big = ua;
  var small = ub;
  if ((ub & 0x7fffffffu) > (ua & 0x7fffffffu)) {
    big = ub;
    small = ua;
  }
  if ((big & 0x7f800000u) == 0x7f800000u) {
    if ((small & 0x7f800000u) == 0x7f800000u && small != big) { return nan_from(ua, ub); }
    return bitcast<f32>(big);
  }
  if ((small & 0x7fffffffu) == 0u) {
    // x + 0 = x, and -0 + -0 = -0 while -0 + +0 = +0.
    if ((big & 0x7fffffffu) == 0u) { return bitcast<f32>(big & small); }
    return bitcast<f32>(big);
  }
  let fb = significand(big) << 3u;
  var fs = significand(small) << 3u;
  let d = u32(exponent_of(big) - exponent_of(small));
  if (d >= 27u) {
    fs = 1u;
  } else if (d > 0u) {
    fs = (fs >> d) | select(0u, 1u, (fs & ((1u << d) - 1u)) != 0u);
  }
  var m = fb + fs;
  if (((big ^ small) & 0x80000000u) != 0u) { m = fb - fs; }
  if (m == 0u) { return 0.0; }
  return compose(big & 0x80000000u, 0u, m, exponent_of(big) - 153);
}

// Flags for the pairs a GPU that reads subnormal operands as 0 or flushes subnormal results to 0
// may have got wrong. Either way the result comes out zero or subnormal while the operands say it
// should not: that, not the operands, is what is tested, as it takes fewer operations per lane.
fn tiny2(u: vec2<u32>) -> vec2<bool> {
  return (u & vec2<u32>(0x7f800000u)) == vec2<u32>(0u);
}

fn nonzero2(u: vec2<u32>) -> vec2<bool> {
  return (u & vec2<u32>(0x7fffffffu)) != vec2<u32>(0u);
}

fn subnormal2(u: vec2<u32>) -> vec2<bool> {
  return tiny2(u) & nonzero2(u);
}

// A product is zero or subnormal only if an operand is zero or it underflowed. A subnormal weight
// read as 0 could also turn Inf into NaN; such weights are absurd, so every pair takes the exact path.
fn unsure_mul(w: u32, x: vec2<u32>, r: vec2<u32>) -> vec2<bool> {
  let weight_subnormal = (w & 0x7f800000u) == 0u && (w & 0x7fffffu) != 0u;
  return (tiny2(r) & nonzero2(x) & vec2<bool>((w & 0x7fffffffu) != 0u)) | vec2<bool>(weight_subnormal);
}

// A sum is zero or subnormal only if both operands are zero, they cancel, or it underflowed.
// (Its operands are never subnormal here: products and sums that would be are flagged already.)
fn unsure_add(a: vec2<u32>, b: vec2<u32>, r: vec2<u32>) -> vec2<bool> {
  return tiny2(r) & nonzero2(a | b) & (a != (b ^ vec2<u32>(0x80000000u)));
}

fn f32_bits(v: f32) -> u32 {
  let u = bitcast<u32>(v);
  if (is_nan_bits(u)) { return 0x7fc00000u; }
  return u;
}

fn f32_to_bf16(v: f32) -> u32 {
  let u = bitcast<u32>(v);
  if (is_nan_bits(u)) { return 0x7fc0u; }
  return (u + 0x7fffu + ((u >> 16u) & 1u)) >> 16u;
}

fn f32_to_f16(v: f32) -> u32 {
  let u = bitcast<u32>(v);
  let sign = (u >> 16u) & 0x8000u;
  let exponent = (u >> 23u) & 0xffu;
  let mantissa = u & 0x7fffffu;
  if (exponent == 0xffu) {
    if (mantissa != 0u) { return 0x7e00u; }
    return sign | 0x7c00u;
  }
  let e = i32(exponent) - 112;
  if (e >= 0x1f) { return sign | 0x7c00u; }
  if (e <= 0) {
    if (e < -10) { return sign; }
    let significand = mantissa | 0x800000u;
    let shift = u32(14 - e);
    let half = 1u << (shift - 1u);
    let rest = significand & ((1u << shift) - 1u);
    var result = significand >> shift;
    if (rest > half || (rest == half && (result & 1u) == 1u)) { result += 1u; }
    return sign | result;
  }
  var result = (u32(e) << 10u) | (mantissa >> 13u);
  let rest = mantissa & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (result & 1u) == 1u)) { result += 1u; }
  return sign | result;
}
`;

function decode(dtype: FloatDtype, value: string): string {
  switch (dtype) {
    case 'F32':
      return value;
    case 'BF16':
      return `vec2<f32>(bitcast<f32>(${value} << 16u), bitcast<f32>(${value} & 0xffff0000u))`;
    case 'F16':
      return `vec2<f32>(f16_to_f32(${value} & 0xffffu), f16_to_f32(${value} >> 16u))`;
  }
}

function encode(dtype: FloatDtype, value: string): string {
  switch (dtype) {
    case 'F32':
      return `vec2<u32>(f32_bits(${value}.x), f32_bits(${value}.y))`;
    case 'BF16':
      return `f32_to_bf16(${value}.x) | (f32_to_bf16(${value}.y) << 16u)`;
    case 'F16':
      return `f32_to_f16(${value}.x) | (f32_to_f16(${value}.y) << 16u)`;
  }
}

/**
 * The WGSL source of the kernel described by `spec`, with entry points `main` (every pair, on the
 * f32 units) and `fixup` (the pairs `main` flagged, exactly).
 */
export function mergeKernelSource(spec: KernelSpec): string {
  const { inputs, inDtype, start, target, workgroupSize } = spec;
  if (!Number.isInteger(inputs) || inputs < 1) throw new RangeError(`a kernel needs at least one input, got ${inputs}`);
  const destination = target === 'accumulator' ? 'acc' : 'out';
  const lines: string[] = [];
  lines.push(`struct Weights { w: array<vec4<f32>, ${Math.ceil(inputs / 4)}>, opaque_zero: vec4<u32> }`);
  lines.push(`@group(0) @binding(${BINDING.weights}) var<uniform> weights: Weights;`);
  for (let i = 0; i < inputs; i++) {
    lines.push(`@group(0) @binding(${BINDING.input + i}) var<storage, read> x${i}: array<${PAIR_TYPE[inDtype]}>;`);
  }
  if (start === 'accumulator' || target === 'accumulator') {
    const access = target === 'accumulator' ? 'read_write' : 'read';
    lines.push(`@group(0) @binding(${BINDING.accumulator(inputs)}) var<storage, ${access}> acc: array<vec2<f32>>;`);
  }
  if (target !== 'accumulator') {
    const type = target.output === 'F32' ? 'vec2<u32>' : 'u32';
    lines.push(`@group(0) @binding(${BINDING.output(inputs)}) var<storage, read_write> out: array<${type}>;`);
  }
  lines.push('struct Flagged { groups: atomic<u32>, y: u32, z: u32, count: atomic<u32>, items: array<u32> }');
  lines.push(`@group(0) @binding(${BINDING.flagged(inputs)}) var<storage, read_write> flagged: Flagged;`);
  lines.push('struct FlaggedList { groups: u32, y: u32, z: u32, count: u32, items: array<u32> }');
  lines.push(`@group(0) @binding(${BINDING.fixupList(inputs)}) var<storage, read> list: FlaggedList;`);
  lines.push(HELPERS);
  lines.push(`const WORKGROUP: u32 = ${workgroupSize}u;`);
  lines.push(`const FIXUP_MAX_WORKGROUPS: u32 = ${FIXUP_MAX_WORKGROUPS}u;`);
  lines.push(`
fn weight(i: u32) -> f32 {
  return weights.w[i / 4u][i % 4u];
}

fn load(i: u32, p: u32) -> vec2<f32> {
  switch i {`);
  for (let i = 0; i < inputs; i++) lines.push(`    case ${i}u: { return ${decode(inDtype, `x${i}[p]`)}; }`);
  lines.push(`    default: { return vec2<f32>(0.0); }
  }
}

fn store(p: u32, sum: vec2<f32>) {
  ${target === 'accumulator' ? 'acc[p] = sum;' : `out[p] = ${encode(target.output, 'sum')};`}
}

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let p = (group.y * groups.x + group.x) * WORKGROUP + lane;
  if (p >= arrayLength(&${destination})) { return; }
  var unsure = vec2<bool>(false);
  // Zero, but the compiler cannot know it: XOR-ing each product with it keeps the driver from
  // fusing product and sum into one FMA, which rounds once where the CPU rounds twice.
  let opaque_zero = weights.opaque_zero.xy;`);
  for (let i = 0; i < inputs; i++) {
    lines.push(`  let w${i} = weight(${i}u);`);
    lines.push(`  let x${i}v = ${decode(inDtype, `x${i}[p]`)};`);
    lines.push(`  let p${i}bits = bitcast<vec2<u32>>(w${i} * x${i}v) ^ opaque_zero;`);
    lines.push(`  let p${i} = bitcast<vec2<f32>>(p${i}bits);`);
    lines.push(`  unsure = unsure | unsure_mul(bitcast<u32>(w${i}), bitcast<vec2<u32>>(x${i}v), p${i}bits);`);
    if (i === 0 && start === 'first-input') {
      lines.push('  var sum = p0;');
      continue;
    }
    if (i === 0) {
      // The accumulator holds exact sums, subnormal ones included, which the f32 units may misread.
      lines.push('  var sum = acc[p];');
      lines.push('  unsure = unsure | subnormal2(bitcast<vec2<u32>>(sum));');
    }
    lines.push(`  let s${i} = sum + p${i};`);
    lines.push(`  unsure = unsure | unsure_add(bitcast<vec2<u32>>(sum), p${i}bits, bitcast<vec2<u32>>(s${i}));`);
    lines.push(`  sum = s${i};`);
  }
  lines.push(`  if (!any(unsure)) {
    store(p, sum);
    return;
  }
  // Leave the pair (and the accumulator it may start from) to fixup; the list holds every pair.
  let item = atomicAdd(&flagged.count, 1u);
  flagged.items[item] = p;
  atomicMax(&flagged.groups, min(item / WORKGROUP + 1u, FIXUP_MAX_WORKGROUPS));
}

@compute @workgroup_size(WORKGROUP)
fn fixup(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  for (var item = id.x; item < list.count; item += groups.x * WORKGROUP) {
    let p = list.items[item];
    ${start === 'accumulator' ? 'var sum = acc[p];' : 'var sum = vec2<f32>(mul_exact(weight(0u), load(0u, p).x), mul_exact(weight(0u), load(0u, p).y));'}
    for (var i = ${start === 'accumulator' ? 0 : 1}u; i < ${inputs}u; i++) {
      let x = load(i, p);
      let w = weight(i);
      sum = vec2<f32>(add_exact(sum.x, mul_exact(w, x.x)), add_exact(sum.y, mul_exact(w, x.y)));
    }
    store(p, sum);
  }
}`);
  return lines.join('\n');
}
