import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clusterCategories } from './category_clusters.ts';
import { weakCategories } from './weak_categories.ts';
import { matrixOf } from '../test-fixtures/matrix_of.ts';

test('average linkage merges while the mean |ρ| is at least τ', () => {
  // a-b 0.9, a-c 0.1, a-d 0.2, b-c 0.3, b-d 0.1, c-d 0.8
  const m = matrixOf(['a', 'b', 'c', 'd'], [0.9, 0.1, 0.2, 0.3, 0.1, 0.8]);
  assert.deepEqual(clusterCategories(m, 0.5), [
    { categories: ['a', 'b'], minAbsCorrelation: 0.9 },
    { categories: ['c', 'd'], minAbsCorrelation: 0.8 },
  ]);
  // {a,b} to {c,d}: mean of 0.1, 0.2, 0.3, 0.1 = 0.175.
  assert.equal(clusterCategories(m, 0.175).length, 1);
  assert.equal(clusterCategories(m, 0.18).length, 2);
  assert.deepEqual(clusterCategories(m, 0.95).map((c) => c.categories), [['a'], ['b'], ['c'], ['d']]);
  assert.deepEqual(clusterCategories(m, 0.95)[0], { categories: ['a'], minAbsCorrelation: null });
});

test('negative correlations count by magnitude', () => {
  const m = matrixOf(['a', 'b', 'c'], [-0.9, 0.1, 0.05]);
  assert.deepEqual(clusterCategories(m, 0.5).map((c) => c.categories), [['a', 'b'], ['c']]);
});

test('average linkage can hold a weak pair when the others outweigh it; complete linkage never', () => {
  // a-b 0.9, a-c 0.15 (weak at τ = 0.3), b-c 0.6: {a,b} to c averages 0.375.
  const m = matrixOf(['a', 'b', 'c'], [0.9, 0.15, 0.6]);
  assert.deepEqual(clusterCategories(m, 0.3, 'average'), [{ categories: ['a', 'b', 'c'], minAbsCorrelation: 0.15 }]);
  assert.deepEqual(clusterCategories(m, 0.3, 'complete').map((c) => c.categories), [['a', 'b'], ['c']]);
});

test('undefined coefficients: skipped by average linkage, blocking for complete linkage', () => {
  const m = matrixOf(['a', 'b', 'c'], [0.9, null, 0.8]);
  assert.deepEqual(clusterCategories(m, 0.5, 'average').map((c) => c.categories), [['a', 'b', 'c']]);
  assert.deepEqual(clusterCategories(m, 0.5, 'complete').map((c) => c.categories), [['a', 'b'], ['c']]);
  assert.deepEqual(clusterCategories(matrixOf(['a', 'b'], [null]), 0).map((c) => c.categories), [['a'], ['b']]);
});

const upper = fc.array(fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }), { minLength: 10, maxLength: 10 });
const tau = fc.double({ min: 0, max: 1, noNaN: true });

test('clusters partition the categories, in order', () => {
  fc.assert(
    fc.property(upper, tau, fc.constantFrom('average' as const, 'complete' as const), (u, t, linkage) => {
      const clusters = clusterCategories(matrixOf(['a', 'b', 'c', 'd', 'e'], u), t, linkage);
      assert.deepEqual(clusters.flatMap((c) => c.categories).sort(), ['a', 'b', 'c', 'd', 'e']);
      const firsts = clusters.map((c) => c.categories[0] ?? '');
      assert.deepEqual(firsts, [...firsts].sort());
    }),
  );
});

test('complete linkage: weakly correlated categories (the paper\'s rule) end in different clusters', () => {
  fc.assert(
    fc.property(upper, tau, (u, t) => {
      const m = matrixOf(['a', 'b', 'c', 'd', 'e'], u);
      const clusters = clusterCategories(m, t, 'complete');
      for (const { categories } of weakCategories(m, t).pairs) {
        assert.ok(!clusters.some((c) => c.categories.includes(categories[0]) && c.categories.includes(categories[1])));
      }
    }),
  );
});
