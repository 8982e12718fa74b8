import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WEIGHT_SUM_TOLERANCE } from '@soce/common';
import { formatWeight, Weights, WeightsError, normalizeWeights, uniformWeights, weightsFrom } from '@soce/search';

test('weightsFrom keeps valid weights in record order, or in the order given', () => {
  const w = weightsFrom({ xlam: 0.7, toolace: 0.2, watt: 0.1 });
  assert.deepEqual(w.experts, ['xlam', 'toolace', 'watt']);
  assert.deepEqual(w.values, [0.7, 0.2, 0.1]);
  assert.equal(w.get('toolace'), 0.2);
  assert.deepEqual(w.toRecord(), { xlam: 0.7, toolace: 0.2, watt: 0.1 });
  assert.equal(w.toString(), 'xlam=0.7, toolace=0.2, watt=0.1');
  const ordered = weightsFrom({ xlam: 0.7, toolace: 0.2, watt: 0.1 }, ['watt', 'xlam', 'toolace']);
  assert.deepEqual(ordered.values, [0.1, 0.7, 0.2]);
});

test('weightsFrom names the expert and value at fault', () => {
  assert.throws(() => weightsFrom({ a: 1.1, b: -0.1 }), { name: 'WeightsError', message: /expert 'b' is -0.1.*>= 0/ });
  assert.throws(() => weightsFrom({ a: Number.NaN, b: 1 }), { name: 'WeightsError', message: /expert 'a' is NaN.*finite/ });
  assert.throws(() => weightsFrom({ a: Infinity, b: 0 }), { name: 'WeightsError', message: /expert 'a' is Infinity/ });
  assert.throws(() => weightsFrom({ a: 0.5, b: 0.4 }), { name: 'WeightsError', message: /sum to 0.9.*normalizeWeights/ });
  assert.throws(() => weightsFrom({ a: 1 }, ['a', 'b']), { name: 'WeightsError', message: /expert 'b' has no weight/ });
  assert.throws(() => weightsFrom({ a: 0.5, c: 0.5 }, ['a', 'b']), { name: 'WeightsError', message: /'c' is not one of the experts a, b/ });
  assert.throws(() => weightsFrom({}), { name: 'WeightsError', message: /no experts/ });
  assert.throws(() => uniformWeights(['a', 'a']), { name: 'WeightsError', message: /'a' is listed twice/ });
  assert.throws(() => uniformWeights(['a', ' ']), { name: 'WeightsError', message: /expert #2 has an empty name/ });
  assert.throws(() => weightsFrom({ a: 1 }).get('z'), WeightsError);
});

test('weightsFrom accepts sums within WEIGHT_SUM_TOLERANCE of 1, as the merge does, and refuses anything further', () => {
  assert.equal(WEIGHT_SUM_TOLERANCE, 1e-6);
  assert.doesNotThrow(() => weightsFrom({ a: 0.1, b: 0.2, c: 0.7 }));
  assert.doesNotThrow(() => weightsFrom({ a: 0.3333333, b: 0.3333333, c: 0.3333333 }));
  assert.throws(() => weightsFrom({ a: 0.5 + 5e-6, b: 0.5 }), WeightsError);
  assert.throws(() => weightsFrom({ a: 0.33, b: 0.33, c: 0.33 }), WeightsError);
});

test('normalizeWeights rescales non-negative values and refuses all-zero or negative ones', () => {
  assert.deepEqual(normalizeWeights({ a: 7, b: 2, c: 1 }).values, [0.7, 0.2, 0.1]);
  assert.deepEqual(normalizeWeights({ a: 0, b: 3 }).values, [0, 1]);
  assert.throws(() => normalizeWeights({ a: 0, b: 0 }), { name: 'WeightsError', message: /every weight is 0/ });
  assert.throws(() => normalizeWeights({ a: 1, b: -2 }), { name: 'WeightsError', message: /expert 'b' is -2/ });
});

test('uniformWeights gives 1/n to each expert', () => {
  assert.deepEqual(uniformWeights(['a', 'b', 'c', 'd']).values, [0.25, 0.25, 0.25, 0.25]);
});

test('no Weights can be made except through the checking functions', () => {
  const Ctor = Weights as unknown as new (...args: unknown[]) => Weights;
  assert.throws(() => new Ctor(Symbol('Weights'), ['a'], [2]), TypeError);
  const w = uniformWeights(['a', 'b']);
  assert.throws(() => {
    (w.values as number[])[0] = 5;
  }, TypeError);
});

test('property: normalised weights are finite, non-negative and sum to 1 within 1e-12', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }).filter((xs) => xs.some((x) => x > 0)),
      (values) => {
        const record = Object.fromEntries(values.map((v, i) => [`e${i}`, v]));
        const w = normalizeWeights(record);
        const sum = w.values.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - 1) <= 1e-12, `sum ${sum}`);
        assert.ok(w.values.every((v) => Number.isFinite(v) && v >= 0));
        // What normalizeWeights returns is itself valid strict input.
        assert.deepEqual(weightsFrom(w.toRecord()).values, w.values);
      },
    ),
  );
});

test('weights print with 3 significant digits in logs (0.333, not 0.3333333333333333)', () => {
  assert.equal(uniformWeights(['xlam', 'toolace', 'watt']).toString(), 'xlam=0.333, toolace=0.333, watt=0.333');
  assert.deepEqual([1 / 3, 0.5, 0.125, 0.0125, 1, 0, 2 / 3].map(formatWeight), ['0.333', '0.5', '0.125', '0.0125', '1', '0', '0.667']);
  assert.equal(uniformWeights(['a', 'b', 'c']).toRecord()['a'], 1 / 3, 'the exact value stays in the record');
});
