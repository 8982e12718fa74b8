import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AnalysisOptionsError } from './analysis_options_error.ts';
import { weakCategories } from './weak_categories.ts';
import { matrixOf } from '../test-fixtures/matrix_of.ts';

test('L holds the categories with a partner below τ in absolute value; null never counts', () => {
  // a-b 0.9, a-c -0.1, a-d null, b-c 0.5, b-d 0.15, c-d 0.3
  const m = matrixOf(['a', 'b', 'c', 'd'], [0.9, -0.1, null, 0.5, 0.15, 0.3]);
  assert.deepEqual(weakCategories(m, 0.2), {
    weak: ['a', 'b', 'c', 'd'],
    pairs: [
      { categories: ['a', 'c'], r: -0.1, n: 10 },
      { categories: ['b', 'd'], r: 0.15, n: 10 },
    ],
  });
  assert.deepEqual(weakCategories(m, 0.12).weak, ['a', 'c']);
  // Strictly below τ: |r| = τ is not weak.
  assert.deepEqual(weakCategories(m, 0.1).weak, []);
  assert.deepEqual(weakCategories(matrixOf(['a', 'b'], [null]), 1).weak, []);
});

test('τ outside [0, 1] is refused with the fix', () => {
  const m = matrixOf(['a', 'b'], [0.5]);
  for (const tau of [-0.1, 1.5, Number.NaN]) assert.throws(() => weakCategories(m, tau), (e: unknown) => e instanceof AnalysisOptionsError && /tau must be a number between 0 and 1/.test(e.message));
});

test('L only grows with τ', () => {
  const upper = fc.array(fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }), { minLength: 6, maxLength: 6 });
  fc.assert(
    fc.property(upper, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (u, t1, t2) => {
      const m = matrixOf(['a', 'b', 'c', 'd'], u);
      const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
      const small = weakCategories(m, lo).weak;
      const large = weakCategories(m, hi).weak;
      for (const c of small) assert.ok(large.includes(c));
    }),
  );
});
