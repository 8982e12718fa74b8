;; The CPU merge kernels, in WebAssembly SIMD (128-bit). Compiled by scripts/build_cpu_kernel.mjs into
;; src/cpu_kernel_wasm.ts; cpu_kernel_wasm.test.ts checks the two agree. Every operation is an IEEE
;; f32 operation or exact bit manipulation, so results are bit-identical to the MergeBackend contract.
(module
  ;; Memory the host creates and lays out: the f32 accumulator, the output block, input blocks.
  (import "env" "memory" (memory 1))

  ;; acc[i] = w * bf16(src[i]) for i < n (n a multiple of 8)
  (func (export "first_bf16") (param $src i32) (param $acc i32) (param $n i32) (param $w f32)
    (local $end i32) (local $v v128) (local $wv v128)
    (local.set $wv (f32x4.splat (local.get $w)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (v128.store offset=0 (local.get $acc)
          (f32x4.mul (i32x4.shl (i32x4.extend_low_i16x8_u (local.get $v)) (i32.const 16)) (local.get $wv)))
        (v128.store offset=16 (local.get $acc)
          (f32x4.mul (i32x4.shl (i32x4.extend_high_i16x8_u (local.get $v)) (i32.const 16)) (local.get $wv)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 32)))
        (br $next))))

  ;; acc[i] = acc[i] + w * bf16(src[i])
  (func (export "add_bf16") (param $src i32) (param $acc i32) (param $n i32) (param $w f32)
    (local $end i32) (local $v v128) (local $wv v128)
    (local.set $wv (f32x4.splat (local.get $w)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (v128.store offset=0 (local.get $acc)
          (f32x4.add (v128.load offset=0 (local.get $acc))
            (f32x4.mul (i32x4.shl (i32x4.extend_low_i16x8_u (local.get $v)) (i32.const 16)) (local.get $wv))))
        (v128.store offset=16 (local.get $acc)
          (f32x4.add (v128.load offset=16 (local.get $acc))
            (f32x4.mul (i32x4.shl (i32x4.extend_high_i16x8_u (local.get $v)) (i32.const 16)) (local.get $wv))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 32)))
        (br $next))))

  ;; f16 bit patterns (zero-extended to i32 lanes) to f32, exactly: the magnitude shifted into an
  ;; f32 and scaled by 2^112 covers normals and subnormals; exponent 31 becomes ∞/NaN.
  (func $f16_to_f32 (param $h v128) (result v128)
    (local $m v128)
    (local.set $m (i32x4.shl (v128.and (local.get $h) (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff)) (i32.const 13)))
    (v128.or
      (v128.bitselect
        (v128.or (local.get $m) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
        (f32x4.mul (local.get $m) (v128.const i32x4 0x77800000 0x77800000 0x77800000 0x77800000))
        (i32x4.eq (v128.and (local.get $h) (v128.const i32x4 0x7c00 0x7c00 0x7c00 0x7c00)) (v128.const i32x4 0x7c00 0x7c00 0x7c00 0x7c00)))
      (i32x4.shl (v128.and (local.get $h) (v128.const i32x4 0x8000 0x8000 0x8000 0x8000)) (i32.const 16))))

  (func (export "first_f16") (param $src i32) (param $acc i32) (param $n i32) (param $w f32)
    (local $end i32) (local $v v128) (local $wv v128)
    (local.set $wv (f32x4.splat (local.get $w)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (v128.store offset=0 (local.get $acc)
          (f32x4.mul (call $f16_to_f32 (i32x4.extend_low_i16x8_u (local.get $v))) (local.get $wv)))
        (v128.store offset=16 (local.get $acc)
          (f32x4.mul (call $f16_to_f32 (i32x4.extend_high_i16x8_u (local.get $v))) (local.get $wv)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 32)))
        (br $next))))

  (func (export "add_f16") (param $src i32) (param $acc i32) (param $n i32) (param $w f32)
    (local $end i32) (local $v v128) (local $wv v128)
    (local.set $wv (f32x4.splat (local.get $w)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (v128.store offset=0 (local.get $acc)
          (f32x4.add (v128.load offset=0 (local.get $acc))
            (f32x4.mul (call $f16_to_f32 (i32x4.extend_low_i16x8_u (local.get $v))) (local.get $wv))))
        (v128.store offset=16 (local.get $acc)
          (f32x4.add (v128.load offset=16 (local.get $acc))
            (f32x4.mul (call $f16_to_f32 (i32x4.extend_high_i16x8_u (local.get $v))) (local.get $wv))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 32)))
        (br $next))))

  (func (export "first_f32") (param $src i32) (param $acc i32) (param $n i32) (param $w f32)
    (local $end i32) (local $wv v128)
    (local.set $wv (f32x4.splat (local.get $w)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $acc) (f32x4.mul (v128.load (local.get $src)) (local.get $wv)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 16)))
        (br $next))))

  (func (export "add_f32") (param $src i32) (param $acc i32) (param $n i32) (param $w f32)
    (local $end i32) (local $wv v128)
    (local.set $wv (f32x4.splat (local.get $w)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $acc)
          (f32x4.add (v128.load (local.get $acc)) (f32x4.mul (v128.load (local.get $src)) (local.get $wv))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 16)))
        (br $next))))

  ;; One i32x4 of f32 bits to bf16 bits (in i32 lanes): ties to even; NaN kept quiet.
  (func $to_bf16 (param $u v128) (result v128)
    (v128.bitselect
      (v128.or (i32x4.shr_u (local.get $u) (i32.const 16)) (v128.const i32x4 0x40 0x40 0x40 0x40))
      (i32x4.shr_u
        (i32x4.add (i32x4.add (local.get $u) (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff))
          (v128.and (i32x4.shr_u (local.get $u) (i32.const 16)) (v128.const i32x4 1 1 1 1)))
        (i32.const 16))
      (i32x4.gt_s (v128.and (local.get $u) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
        (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))))

  ;; One i32x4 of f32 bits to f16 bits (in i32 lanes), ties to even (F. Giesen's float_to_half_fast3_rtne):
  ;; overflow to ∞ (NaN to a quiet NaN), subnormals rounded by an f32 addition of 0.5, normals by
  ;; adding half an f16 ulp minus one plus the kept mantissa's lowest bit.
  (func $to_f16 (param $u v128) (result v128)
    (local $a v128)
    (local.set $a (v128.and (local.get $u) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)))
    (v128.or
      (v128.bitselect
        (v128.bitselect (v128.const i32x4 0x7e00 0x7e00 0x7e00 0x7e00) (v128.const i32x4 0x7c00 0x7c00 0x7c00 0x7c00)
          (i32x4.gt_s (local.get $a) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000)))
        (v128.bitselect
          (i32x4.sub (f32x4.add (local.get $a) (v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000))
            (v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000))
          (i32x4.shr_u
            (i32x4.add (i32x4.add (local.get $a) (v128.const i32x4 0xc8000fff 0xc8000fff 0xc8000fff 0xc8000fff))
              (v128.and (i32x4.shr_u (local.get $a) (i32.const 13)) (v128.const i32x4 1 1 1 1)))
            (i32.const 13))
          (i32x4.lt_s (local.get $a) (v128.const i32x4 0x38800000 0x38800000 0x38800000 0x38800000)))
        (i32x4.gt_s (local.get $a) (v128.const i32x4 0x477fffff 0x477fffff 0x477fffff 0x477fffff)))
      (i32x4.shr_u (v128.and (local.get $u) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)) (i32.const 16))))

  (func (export "encode_bf16") (param $acc i32) (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst)
          (i16x8.narrow_i32x4_u
            (call $to_bf16 (v128.load offset=0 (local.get $acc)))
            (call $to_bf16 (v128.load offset=16 (local.get $acc)))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))

  (func (export "encode_f16") (param $acc i32) (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst)
          (i16x8.narrow_i32x4_u
            (call $to_f16 (v128.load offset=0 (local.get $acc)))
            (call $to_f16 (v128.load offset=16 (local.get $acc)))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next)))))
