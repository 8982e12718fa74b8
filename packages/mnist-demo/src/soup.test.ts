import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MnistDemoError } from './errors.ts';
import type { ModelTensors } from './model.ts';
import { soupTensors } from './soup.ts';

const model = (values: number[]): ModelTensors => ({
  'a.weight': { shape: [2, 2], data: Float32Array.from(values.slice(0, 4)) },
  'a.bias': { shape: [2], data: Float32Array.from(values.slice(4, 6)) },
});
// -0 is left out: a soup writes +0 for it, which is the same number.
const values = fc.array(fc.float({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0), { minLength: 6, maxLength: 6 });
const simplex = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }).filter((w) => w.some((x) => x > 0)).map((w) => {
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
});

test('a soup of identical models is that model, whatever the weights', () => {
  fc.assert(
    fc.property(values, simplex, (v, weights) => {
      const m = model(v);
      assert.deepEqual(soupTensors(weights.map(() => m), weights), m);
    }),
  );
});

test('a soup is the weighted average, tensor by tensor, rounded to float32', () => {
  fc.assert(
    fc.property(values, values, fc.integer({ min: 0, max: 10 }), (a, b, tenths) => {
      const w = tenths / 10;
      const soup = soupTensors([model(a), model(b)], [w, 1 - w]);
      const fa = Float32Array.from(a);
      const fb = Float32Array.from(b);
      const expected = Float32Array.from(fa, (x, i) => w * x + (1 - w) * fb[i]!);
      assert.deepEqual([...soup['a.weight']!.data, ...soup['a.bias']!.data], [...expected]);
      assert.deepEqual(soup['a.weight']!.shape, [2, 2]);
    }),
  );
});

test('weights off the simplex and mismatched models are MnistDemoErrors', () => {
  const m = model([1, 2, 3, 4, 5, 6]);
  assert.throws(() => soupTensors([m, m], [0.5, 0.6]), (e: unknown) => e instanceof MnistDemoError && /sum to 1/.test(e.message));
  assert.throws(() => soupTensors([m, m], [1.5, -0.5]), MnistDemoError);
  assert.throws(() => soupTensors([m], [0.5, 0.5]), /one weight per model/);
  assert.throws(() => soupTensors([], []), MnistDemoError);
  const other = { ...m, 'a.bias': { shape: [3], data: new Float32Array(3) } };
  assert.throws(() => soupTensors([m, other], [0.5, 0.5]), (e: unknown) => e instanceof MnistDemoError && /a\.bias/.test(e.message));
  const extra = { ...m, 'b.bias': { shape: [1], data: new Float32Array(1) } };
  assert.throws(() => soupTensors([m, extra], [0.5, 0.5]), (e: unknown) => e instanceof MnistDemoError && /b\.bias/.test(e.message));
});
