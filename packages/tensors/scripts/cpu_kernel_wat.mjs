// The source of the CPU merge kernel: generates its WebAssembly text (one function per input and
// output dtype pair, 9 in all, from the few snippets below), which build_cpu_kernel.mjs compiles into
// src/cpu_kernel_wasm.ts. Generated rather than written out because the pairs share everything but
// how a vector is decoded and encoded, and Node's V8 does not inline small WebAssembly functions:
// the snippets are expanded in place so the hot loop makes no calls.
//
// Each function `merge_<in>_<out>(table, inputs, dst, n)` (and `merge_<in>_<out>_<inputs>` for a
// few input counts) computes, for the first n elements rounded up to a multiple of 16 (callers
// leave room for the tail):
//   acc = w_0·x_0, then acc = acc + w_j·x_j for j = 1…inputs-1 (f32, input order), dst = round(acc)
// where the table holds `inputs` entries of 32 bytes: w_j as an f32x4 splat, then x_j's address.
// 16 elements per iteration: each input's are decoded into four f32x4 values a, b, c, d and summed
// in registers p, q, r, s, so nothing but the inputs and the output touches memory. 16-bit inputs
// are split instead of widened: an i32 lane holding elements 2k and 2k+1 gives element 2k by a shift
// and element 2k+1 by a mask, so a and c hold the even elements, b and d the odd ones, and the
// 16-bit encoders put them back in place with a shift and an or. Every operation is an IEEE f32
// multiply or add (no fused multiply-add, no flush to zero) or exact bit manipulation, so results
// are bit-identical to the MergeBackend contract (a NaN is told by x ≠ x, one comparison).

const DTYPES = {
  bf16: { bytes: 2, layout: 'split' },
  f16: { bytes: 2, layout: 'split' },
  f32: { bytes: 4, layout: 'natural' },
};

const splat = (hex) => `(v128.const i32x4 ${hex} ${hex} ${hex} ${hex})`;
const HIGH_HALVES = splat('0xffff0000');

/** The four vectors an input's 16 elements are decoded into, and the four the sum is kept in. */
const DECODED = ['$a', '$b', '$c', '$d'];
const ACC = ['$p', '$q', '$r', '$s'];

/** Statements setting a, b, c, d to the 16 elements at $src (bf16 or f16: split; f32: in order). */
const decode = {
  bf16: () => [
    '(local.set $v (v128.load (local.get $src)))',
    '(local.set $h (v128.load offset=16 (local.get $src)))',
    '(local.set $a (i32x4.shl (local.get $v) (i32.const 16)))',
    `(local.set $b (v128.and (local.get $v) ${HIGH_HALVES}))`,
    '(local.set $c (i32x4.shl (local.get $h) (i32.const 16)))',
    `(local.set $d (v128.and (local.get $h) ${HIGH_HALVES}))`,
  ],
  f16: () => [
    '(local.set $v (v128.load (local.get $src)))',
    '(local.set $h (v128.load offset=16 (local.get $src)))',
    ...f16ToF32('$a', `(v128.and (local.get $v) ${splat('0xffff')})`),
    ...f16ToF32('$b', '(i32x4.shr_u (local.get $v) (i32.const 16))'),
    ...f16ToF32('$c', `(v128.and (local.get $h) ${splat('0xffff')})`),
    ...f16ToF32('$d', '(i32x4.shr_u (local.get $h) (i32.const 16))'),
  ],
  f32: () => ['$a', '$b', '$c', '$d'].map((r, k) => `(local.set ${r} (v128.load offset=${16 * k} (local.get $src)))`),
};

/**
 * f16 bit patterns (in the low half of i32 lanes) to f32, exactly: the magnitude shifted into an f32
 * and scaled by 2^112 covers normals and subnormals; exponent 31 becomes ∞/NaN.
 */
function f16ToF32(target, bits) {
  return [
    `(local.set $x ${bits})`,
    `(local.set $m (i32x4.shl (v128.and (local.get $x) ${splat('0x7fff')}) (i32.const 13)))`,
    `(local.set ${target} (v128.or
      (v128.bitselect
        (v128.or (local.get $m) ${splat('0x7f800000')})
        (f32x4.mul (local.get $m) ${splat('0x77800000')})
        (i32x4.eq (v128.and (local.get $x) ${splat('0x7c00')}) ${splat('0x7c00')}))
      (i32x4.shl (v128.and (local.get $x) ${splat('0x8000')}) (i32.const 16))))`,
  ];
}

/**
 * Statements leaving in `target` the f32 bits of `source` rounded to bf16, ties to even, in the high
 * half of each lane (the low half is garbage); NaN stays a NaN, made quiet.
 */
function roundToBf16(target, source) {
  return [
    `(local.set $x ${source})`,
    `(local.set ${target} (v128.bitselect
      (v128.or (local.get $x) ${splat('0x00400000')})
      (i32x4.add (i32x4.add (local.get $x) ${splat('0x7fff')})
        (v128.and (i32x4.shr_u (local.get $x) (i32.const 16)) ${splat('1')}))
      (f32x4.ne (local.get $x) (local.get $x))))`,
  ];
}

/**
 * Statements leaving in `target` the f16 bits (low half of each lane) of the f32 `source`, ties to
 * even (F. Giesen's float_to_half_fast3_rtne): overflow to ∞ (NaN to a quiet NaN), subnormals
 * rounded by an f32 addition of 0.5, normals by adding half an f16 ulp minus one plus the kept
 * mantissa's lowest bit.
 */
function roundToF16(target, source) {
  return [
    `(local.set $x ${source})`,
    `(local.set $m (v128.and (local.get $x) ${splat('0x7fffffff')}))`,
    `(local.set ${target} (v128.or
      (v128.bitselect
        (v128.bitselect ${splat('0x7e00')} ${splat('0x7c00')}
          (f32x4.ne (local.get $x) (local.get $x)))
        (v128.bitselect
          (i32x4.sub (f32x4.add (local.get $m) ${splat('0x3f000000')}) ${splat('0x3f000000')})
          (i32x4.shr_u
            (i32x4.add (i32x4.add (local.get $m) ${splat('0xc8000fff')})
              (v128.and (i32x4.shr_u (local.get $m) (i32.const 13)) ${splat('1')}))
            (i32.const 13))
          (i32x4.lt_s (local.get $m) ${splat('0x38800000')}))
        (i32x4.gt_s (local.get $m) ${splat('0x477fffff')}))
      (i32x4.shr_u (v128.and (local.get $x) ${splat('0x80000000')}) (i32.const 16))))`,
  ];
}

const INTERLEAVE_LOW = 'i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23';
const INTERLEAVE_HIGH = 'i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31';

/** Statements storing the sum p, q, r, s (in the input's layout) at $out as `dtype`. */
function encode(layout, dtype) {
  const at = (offset) => `offset=${offset} (local.get $out)`;
  const [p, q, r, s] = ACC;
  if (dtype === 'f32') {
    if (layout === 'natural') return ACC.map((acc, k) => `(v128.store ${at(16 * k)} (local.get ${acc}))`);
    return [
      `(v128.store ${at(0)} (${INTERLEAVE_LOW} (local.get ${p}) (local.get ${q})))`,
      `(v128.store ${at(16)} (${INTERLEAVE_HIGH} (local.get ${p}) (local.get ${q})))`,
      `(v128.store ${at(32)} (${INTERLEAVE_LOW} (local.get ${r}) (local.get ${s})))`,
      `(v128.store ${at(48)} (${INTERLEAVE_HIGH} (local.get ${r}) (local.get ${s})))`,
    ];
  }
  const round = dtype === 'bf16' ? roundToBf16 : roundToF16;
  const rounded = ACC.flatMap((acc) => round(acc, `(local.get ${acc})`));
  // bf16 leaves its bits in the high half of a lane, f16 in the low half.
  const low = (acc) => (dtype === 'bf16' ? `(i32x4.shr_u (local.get ${acc}) (i32.const 16))` : `(local.get ${acc})`);
  const high = (acc) => (dtype === 'bf16' ? `(v128.and (local.get ${acc}) ${HIGH_HALVES})` : `(i32x4.shl (local.get ${acc}) (i32.const 16))`);
  const pack = layout === 'split'
    ? (even, odd) => `(v128.or ${low(even)} ${high(odd)})`
    : (first, second) => `(i16x8.narrow_i32x4_u ${low(first)} ${low(second)})`;
  return [...rounded, `(v128.store ${at(0)} ${pack(p, q)})`, `(v128.store ${at(16)} ${pack(r, s)})`];
}

const indent = (lines, depth) => lines.map((line) => `${' '.repeat(depth)}${line}`).join('\n');

/** The input counts with functions of their own (`merge_<in>_<out>_<count>`; see kernelName in src/cpu_kernel.ts); others take the table walk. */
const UNROLLED_INPUTS = [2, 3, 4];

/**
 * `merge_<in>_<out>`, for any number of inputs, walks the table for every 16 elements; with `count`,
 * `merge_<in>_<out>_<count>` reads the table once, keeping each input's weight and address in
 * locals, and sums the inputs without a loop (for 3 bf16 inputs, 5% faster on chunks in cache).
 */
function mergeFunction(inName, outName, count) {
  const input = DTYPES[inName];
  const output = DTYPES[outName];
  const weigh = (r, w) => `(f32x4.mul (local.get ${r}) (local.get ${w}))`;
  const first = (w) => ACC.map((acc, k) => `(local.set ${acc} ${weigh(DECODED[k], w)})`);
  const more = (w) => ACC.map((acc, k) => `(local.set ${acc} (f32x4.add (local.get ${acc}) ${weigh(DECODED[k], w)}))`);
  const decodeAt = (address) => [`(local.set $src (i32.add ${address} (local.get $i)))`, ...decode[inName]()];
  const inputs = Array.from({ length: count ?? 0 }, (_, j) => j);
  const locals = count === undefined
    ? '(local $entry i32) (local $last i32) (local $w v128)'
    : inputs.map((j) => `(local $at${j} i32) (local $w${j} v128)`).join(' ');
  const setup = count === undefined
    ? ['(local.set $last (i32.add (local.get $table) (i32.shl (local.get $inputs) (i32.const 5))))']
    : inputs.flatMap((j) => [`(local.set $w${j} (v128.load offset=${32 * j} (local.get $table)))`, `(local.set $at${j} (i32.load offset=${32 * j + 16} (local.get $table)))`]);
  const walk = (entry) => [`(local.set $w (v128.load (local.get ${entry})))`, ...decodeAt(`(i32.load offset=16 (local.get ${entry}))`)];
  const sum = count === undefined
    ? [
        ...walk('$table'),
        ...first('$w'),
        '(local.set $entry (i32.add (local.get $table) (i32.const 32)))',
        '(block $summed',
        '  (loop $add',
        '    (br_if $summed (i32.ge_u (local.get $entry) (local.get $last)))',
        ...[...walk('$entry'), ...more('$w'), '(local.set $entry (i32.add (local.get $entry) (i32.const 32)))', '(br $add)))'].map((line) => `    ${line}`),
      ]
    : inputs.flatMap((j) => [...decodeAt(`(local.get $at${j})`), ...(j === 0 ? first(`$w${j}`) : more(`$w${j}`))]);
  const name = count === undefined ? `merge_${inName}_${outName}` : `merge_${inName}_${outName}_${count}`;
  return `
  ;; ${inName} inputs to ${outName}${count === undefined ? '' : `, ${count} of them`}.
  (func (export "${name}") (param $table i32) (param $inputs i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $end i32) (local $out i32) (local $src i32) ${locals}
    (local $v v128) (local $h v128) (local $x v128) (local $m v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $p v128) (local $q v128) (local $r v128) (local $s v128)
    (local.set $end (i32.mul (local.get $n) (i32.const ${input.bytes})))
    (local.set $out (local.get $dst))
${indent(setup, 4)}
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
${indent(sum, 8)}
${indent(encode(input.layout, outName), 8)}
        (local.set $i (i32.add (local.get $i) (i32.const ${16 * input.bytes})))
        (local.set $out (i32.add (local.get $out) (i32.const ${16 * output.bytes})))
        (br $next))))
`;
}

/** The kernel's WebAssembly text. */
export function cpuKernelWat() {
  const names = Object.keys(DTYPES);
  return `;; Generated by scripts/cpu_kernel_wat.mjs: edit that file, then npm run build:kernel -w @soce/tensors.
(module
  ;; Memory shared with the worker threads; the host lays out tables and buffers in it.
  (import "env" "memory" (memory 1 65536 shared))
${names.flatMap((inName) => names.flatMap((outName) => [undefined, ...UNROLLED_INPUTS].map((count) => mergeFunction(inName, outName, count)))).join('')})
`;
}
