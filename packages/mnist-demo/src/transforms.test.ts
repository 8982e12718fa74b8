import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IMAGE_PIXELS, IMAGE_SIDE } from './images.ts';
import { mulberry32 } from './prng.ts';
import { addNoise, invert, rotate, shift, thicken } from './transforms.ts';

const image = fc.uint8Array({ minLength: IMAGE_PIXELS, maxLength: IMAGE_PIXELS });
const out = (): Uint8Array => new Uint8Array(IMAGE_PIXELS);
const at = (x: number, y: number): number => y * IMAGE_SIDE + x;

test('rotation by 0° is the identity', () => {
  fc.assert(
    fc.property(image, (src) => {
      const dst = out();
      rotate(src, dst, 0);
      assert.deepEqual(dst, src);
    }),
  );
});

test('rotation by 90° turns a pixel right of centre to above it (counter-clockwise on screen)', () => {
  const src = out();
  src[at(20, 13)] = 200;
  const dst = out();
  rotate(src, dst, 90);
  assert.equal(dst[at(13, 7)], 200);
  assert.equal(dst.reduce((s, v) => s + v, 0), 200);
});

test('four quarter turns give the image back', () => {
  fc.assert(
    fc.property(image, (src) => {
      let a: Uint8Array = src;
      for (let i = 0; i < 4; i++) {
        const b = out();
        rotate(a, b, 90);
        a = b;
      }
      assert.deepEqual(a, src);
    }),
    { numRuns: 20 },
  );
});

test('inverting twice is the identity, and inversion swaps black and white', () => {
  fc.assert(
    fc.property(image, (src) => {
      const once = out();
      const twice = out();
      invert(src, once);
      invert(once, twice);
      assert.deepEqual(twice, src);
      for (let i = 0; i < IMAGE_PIXELS; i++) assert.equal(once[i], 255 - src[i]!);
    }),
  );
});

test('shift moves pixels and fills with background; shifting back restores the interior', () => {
  fc.assert(
    fc.property(image, fc.integer({ min: -4, max: 4 }), fc.integer({ min: -4, max: 4 }), (src, dx, dy) => {
      const moved = out();
      shift(src, moved, dx, dy);
      for (let y = 0; y < IMAGE_SIDE; y++) {
        for (let x = 0; x < IMAGE_SIDE; x++) {
          const sx = x - dx;
          const sy = y - dy;
          const inside = sx >= 0 && sy >= 0 && sx < IMAGE_SIDE && sy < IMAGE_SIDE;
          assert.equal(moved[at(x, y)], inside ? src[at(sx, sy)] : 0);
        }
      }
      const none = out();
      shift(src, none, 0, 0);
      assert.deepEqual(none, src);
    }),
    { numRuns: 50 },
  );
});

test('thickening never darkens a pixel and grows a dot into a 3×3 square', () => {
  fc.assert(
    fc.property(image, (src) => {
      const dst = out();
      thicken(src, dst);
      for (let i = 0; i < IMAGE_PIXELS; i++) assert.ok(dst[i]! >= src[i]!);
    }),
  );
  const dot = out();
  dot[at(5, 5)] = 99;
  const grown = out();
  thicken(dot, grown);
  const lit = [...grown.keys()].filter((i) => grown[i] === 99).map((i) => [i % IMAGE_SIDE, Math.floor(i / IMAGE_SIDE)]);
  assert.deepEqual(lit, [4, 5, 6].flatMap((y) => [4, 5, 6].map((x) => [x, y])));
});

test('noise is reproducible for a seed, zero-mean, clipped, and absent when σ = 0', () => {
  const grey = new Uint8Array(IMAGE_PIXELS).fill(128);
  const a = out();
  const b = out();
  addNoise(grey, a, 0.3, mulberry32(5));
  addNoise(grey, b, 0.3, mulberry32(5));
  assert.deepEqual(a, b);
  const mean = a.reduce((s, v) => s + v, 0) / IMAGE_PIXELS;
  assert.ok(Math.abs(mean - 128) < 6, `mean ${mean}`);
  assert.ok(a.some((v) => v !== 128));
  const quiet = out();
  addNoise(grey, quiet, 0, mulberry32(5));
  assert.deepEqual(quiet, grey);
});
