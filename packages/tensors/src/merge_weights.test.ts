import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MergeError } from './merge_error.ts';
import { WEIGHT_SUM_TOLERANCE } from '@soce/common';
import { validateWeights } from './merge_weights.ts';

const refused = (pattern: RegExp, code = 'bad-weights') => (error: unknown): boolean =>
  error instanceof MergeError && error.code === code && error.kind === 'input' && pattern.test(error.message);

test('weights summing to 1 pass unchanged, decimal rounding included', () => {
  assert.deepEqual(validateWeights([{ model: 'a', weight: 0.1 }, { model: 'b', weight: 0.2 }, { model: 'c', weight: 0.7 }]).map((w) => w.weight), [0.1, 0.2, 0.7]);
  assert.deepEqual(validateWeights([{ model: 'a', weight: 1 }, { model: 'b', weight: 0 }]).map((w) => w.weight), [1, 0]);
});

test('bad weights are refused with the model named and the fix', () => {
  assert.throws(() => validateWeights([]), refused(/no models/));
  assert.throws(() => validateWeights([{ model: 'a', weight: -0.5 }, { model: 'b', weight: 1.5 }]), refused(/model a has weight -0\.5/));
  assert.throws(() => validateWeights([{ model: 'a', weight: NaN }]), refused(/finite/));
  assert.throws(() => validateWeights([{ model: 'a', weight: Infinity }], true), refused(/finite/));
  assert.throws(() => validateWeights([{ model: 'a', weight: 0.5 }, { model: 'a', weight: 0.5 }]), refused(/listed twice/));
  assert.throws(() => validateWeights([{ model: 'a', weight: 0 }], true), refused(/every weight is 0/));
  assert.throws(() => validateWeights([{ model: 'a', weight: 0.5 }, { model: 'b', weight: 0.4 }]), refused(/sum to 0\.9, not 1; fix them, or set normalize to divide them by their sum$/, 'unnormalized-weights'));
});

test('normalising weights whose sum overflows or underflows keeps their proportions', () => {
  assert.deepEqual(validateWeights([{ model: 'a', weight: 1e308 }, { model: 'b', weight: 1e308 }], true).map((w) => w.weight), [0.5, 0.5]);
  assert.deepEqual(validateWeights([{ model: 'a', weight: 2 ** 1023 }, { model: 'b', weight: 2 ** 1021 }], true).map((w) => w.weight), [0.8, 0.2]);
  assert.deepEqual(validateWeights([{ model: 'a', weight: 5e-324 }, { model: 'b', weight: 5e-324 }], true).map((w) => w.weight), [0.5, 0.5]);
  assert.throws(() => validateWeights([{ model: 'a', weight: 1e308 }, { model: 'b', weight: 1e308 }]), refused(/sum to more than the largest float, not 1/, 'unnormalized-weights'));
});

test('property: normalised weights lie on the simplex and keep their proportions', () => {
  fc.assert(fc.property(fc.array(fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }), { minLength: 1, maxLength: 8 }).filter((w) => w.some((x) => x > 0)), (raw) => {
    const weights = validateWeights(raw.map((weight, i) => ({ model: `m${i}`, weight })), true);
    const sum = weights.reduce((s, w) => s + w.weight, 0);
    assert.ok(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE);
    for (const w of weights) assert.ok(w.weight >= 0 && w.weight <= 1);
    // Proportions in float64 without overflow: each weight over the largest.
    const largest = Math.max(...raw);
    const total = raw.reduce((s, x) => s + x / largest, 0);
    weights.forEach((w, i) => assert.ok(Math.abs(w.weight - raw[i]! / largest / total) <= 1e-12));
    // Normalised weights are accepted as they are.
    assert.deepEqual(validateWeights(weights), weights);
  }));
});
