import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { coalitionPoint, normalizeWeights, pointFromWeights, simplexPoint, uniformPoint, weightsFrom } from '@soce/search';

const experts = ['a', 'b', 'c'];

test('exact points are reduced to lowest terms, so equal points share one key', () => {
  const p = simplexPoint(experts, [14, 4, 2], 20);
  assert.deepEqual(p.numerators, [7, 2, 1]);
  assert.equal(p.denominator, 10);
  assert.equal(p.key, '7,2,1/10');
  assert.equal(simplexPoint(experts, [7, 2, 1], 10).key, p.key);
  assert.deepEqual(p.weights.values, [0.7, 0.2, 0.1]);
  assert.equal(p.toString(), 'a=7/10, b=2/10, c=1/10');
});

test('exact points refuse what is not on the simplex, naming the expert', () => {
  assert.throws(() => simplexPoint(experts, [1, 1, 1], 4), { name: 'WeightsError', message: /sum to 3, not the denominator 4/ });
  assert.throws(() => simplexPoint(experts, [2, -1, 3], 4), { name: 'WeightsError', message: /expert 'b' is -1/ });
  assert.throws(() => simplexPoint(experts, [1.5, 1, 1.5], 4), { name: 'WeightsError', message: /expert 'a' is 1.5/ });
  assert.throws(() => simplexPoint(experts, [1, 1], 2), { name: 'WeightsError', message: /2 numerators for 3 experts/ });
  assert.throws(() => simplexPoint(experts, [0, 0, 0], 0), { name: 'WeightsError', message: /denominator 0/ });
});

test('the uniform point and coalition soups (zero weights allowed)', () => {
  assert.equal(uniformPoint(experts).key, '1,1,1/3');
  const pair = coalitionPoint(experts, ['c', 'a']);
  assert.equal(pair.key, '1,0,1/2');
  assert.deepEqual(pair.weights.values, [0.5, 0, 0.5]);
  assert.equal(coalitionPoint(experts, ['b']).key, '0,1,0/1');
  assert.equal(coalitionPoint(experts, experts).key, uniformPoint(experts).key);
  assert.throws(() => coalitionPoint(experts, []), { name: 'WeightsError', message: /empty coalition/ });
  assert.throws(() => coalitionPoint(experts, ['a', 'z']), { name: 'WeightsError', message: /'z' is not one of the experts/ });
  assert.throws(() => coalitionPoint(experts, ['a', 'a']), { name: 'WeightsError', message: /twice/ });
});

test('pointFromWeights recovers the fractions behind decimal weights', () => {
  assert.equal(pointFromWeights(weightsFrom({ a: 0.7, b: 0.2, c: 0.1 })).key, '7,2,1/10');
  assert.equal(pointFromWeights(normalizeWeights({ a: 1, b: 1, c: 1 })).key, '1,1,1/3');
  assert.equal(pointFromWeights(weightsFrom({ a: 0.333333333, b: 0.333333333, c: 0.333333334 })).key, '1,1,1/3');
  assert.equal(pointFromWeights(weightsFrom({ a: 0.125, b: 0.875, c: 0 })).key, '1,7,0/8');
  assert.throws(() => pointFromWeights(weightsFrom({ a: Math.SQRT1_2, b: 1 - Math.SQRT1_2 })), {
    name: 'WeightsError',
    message: /weight 0.7071.* of expert 'a' is not a fraction/,
  });
});

test('property: exact points round-trip through their weights and sum to 1', () => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 8 }).filter((ks) => ks.some((k) => k > 0)), fc.integer({ min: 1, max: 7 }), (ks, scale) => {
      const names = ks.map((_, i) => `e${i}`);
      const total = ks.reduce((a, b) => a + b, 0);
      const point = simplexPoint(names, ks, total);
      const scaled = simplexPoint(names, ks.map((k) => k * scale), total * scale);
      assert.equal(scaled.key, point.key);
      const sum = point.weights.values.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) <= 1e-12);
      assert.equal(pointFromWeights(point.weights).key, point.key);
    }),
  );
});
