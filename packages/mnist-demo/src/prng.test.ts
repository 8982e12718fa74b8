import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { deriveSeed, gaussianish, mulberry32, permutation, rngFor } from './prng.ts';

test('mulberry32 replays the same stream for the same seed and stays in [0, 1)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
      const a = mulberry32(seed);
      const b = mulberry32(seed);
      for (let i = 0; i < 50; i++) {
        const x = a();
        assert.equal(x, b());
        assert.ok(x >= 0 && x < 1);
      }
    }),
  );
});

test('derived streams differ by label and are uint32', () => {
  const seeds = new Set(['split', 'init', 'train', 'condition'].map((label) => deriveSeed(7, label)));
  assert.equal(seeds.size, 4);
  assert.notEqual(deriveSeed(1, 'split'), deriveSeed(2, 'split'));
  for (const s of seeds) assert.ok(Number.isInteger(s) && s >= 0 && s <= 0xffffffff);
  assert.equal(rngFor(3, 'a', 1)(), rngFor(3, 'a', 1)());
});

test('permutation holds every index exactly once', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 300 }), (seed, n) => {
      const order = permutation(mulberry32(seed), n);
      assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    }),
  );
});

test('gaussianish draws have mean ~0 and standard deviation ~1', () => {
  const rng = mulberry32(42);
  const n = 20000;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = gaussianish(rng);
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(sq / n - mean * mean) - 1) < 0.03);
});
