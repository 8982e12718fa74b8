import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { averageRanks } from './average_ranks.ts';
import { correlation, describeUndefined } from './correlation.ts';
import { correlationCounts, correlationMatrix, correlationValues, meanOffDiagonal } from './correlation_matrix.ts';
import { ScoreTable } from './score_table.ts';
import { parseScoreTableCsv } from './score_table_csv.ts';

// Reference values: packages/stats/reference/correlation_reference.py, which computes each
// coefficient exactly with Python's fractions.Fraction (from the exact binary value of every
// float64 input) and takes the one square root in 60-digit decimal arithmetic, then rounds to
// float64. It shares no code with the implementation.
const SMALL = [
  [0.5, 0.7, 0.9, null, 0.7, 0.2, 0.4, 0.7],
  [12.0, 15.5, 15.5, 9.25, null, 3.0, 8.0, 15.5],
  [1e9 + 1, 1e9 + 3, 1e9 + 2, 1e9 + 5, 1e9 + 4, 1e9, 1e9 + 1, 1e9 + 3],
  [null, 2.0, null, null, 5.0, null, 1.0, null],
];
const SMALL_PEARSON = [
  [1, 0.9408009263275219, 0.7554152327780023, 0.6933752452815364],
  [0.9408009263275219, 1, 0.44677886813474876, null],
  [0.7554152327780023, 0.44677886813474876, 1, 0.8910421112136305],
  [0.6933752452815364, null, 0.8910421112136305, 1],
];
const SMALL_SPEARMAN = [
  [1, 0.954863710632231, 0.7359800721939872, 0.8660254037844386],
  [0.954863710632231, 1, 0.5661385170722979, null],
  [0.7359800721939872, 0.5661385170722979, 1, 1.0],
  [0.8660254037844386, null, 1.0, 1],
];
const SMALL_N = [
  [7, 6, 7, 3],
  [6, 7, 7, 2],
  [7, 7, 8, 3],
  [3, 2, 3, 3],
];
const BFCL_PEARSON = [
  [1, 0.6026242968662561, 0.2332473377627616, 0.5124315782299005, 0.09878752492314011],
  [0.6026242968662561, 1, 0.4947121319715578, 0.1516915083859404, 0.6597290385806964],
  [0.2332473377627616, 0.4947121319715578, 1, 0.10510839097146547, 0.3496150944609258],
  [0.5124315782299005, 0.1516915083859404, 0.10510839097146547, 1, -0.48273650431274695],
  [0.09878752492314011, 0.6597290385806964, 0.3496150944609258, -0.48273650431274695, 1],
];
const BFCL_SPEARMAN = [
  [1, 0.5071291653385764, 0.4174782097646898, 0.26405642966274173, 0.17761549574539362],
  [0.5071291653385764, 1, 0.6920414870972401, -0.26993448888543586, 0.7205191423561634],
  [0.4174782097646898, 0.6920414870972401, 1, 0.037513997256582124, 0.37978031530484485],
  [0.26405642966274173, -0.26993448888543586, 0.037513997256582124, 1, -0.5813730241072708],
  [0.17761549574539362, 0.7205191423561634, 0.37978031530484485, -0.5813730241072708, 1],
];
const BFCL_N = [
  [120, 120, 120, 120, 120],
  [120, 121, 121, 120, 120],
  [120, 121, 121, 120, 120],
  [120, 120, 120, 120, 120],
  [120, 120, 120, 120, 120],
];

function assertClose(actual: readonly (readonly (number | null)[])[], expected: readonly (readonly (number | null)[])[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, i) =>
    row.forEach((value, j) => {
      const want = expected[i]?.[j] ?? null;
      if (want === null) assert.equal(value, null, `[${i}][${j}]`);
      else assert.ok(value !== null && Math.abs(value - want) <= 1e-12, `[${i}][${j}]: ${value} vs ${want}`);
    }),
  );
}

const smallTable = ScoreTable.create({
  source: 'small',
  models: SMALL[0]?.map((_, m) => `m${m}`) ?? [],
  categories: ['a', 'b', 'c', 'd'],
  scores: SMALL[0]?.map((_, m) => SMALL.map((column) => column[m] ?? null)) ?? [],
});

test('Pearson and Spearman match exact references to 1e-12, pairwise-complete', () => {
  const pearson = correlationMatrix(smallTable);
  assertClose(correlationValues(pearson), SMALL_PEARSON);
  assert.deepEqual(correlationCounts(pearson), SMALL_N);
  assertClose(correlationValues(correlationMatrix(smallTable, { method: 'spearman' })), SMALL_SPEARMAN);
  // b and d share only 2 models: undefined, with the reason and the count.
  assert.deepEqual(pearson.entries[1]?.[3], { r: null, n: 2, reason: 'too-few-pairs' });
});

test('BFCL v3 top-level categories over all 121 models match the references', () => {
  const text = readFileSync(new URL('../../../examples/bfcl/bfcl-v3-2025-04-30.csv', import.meta.url), 'utf8');
  const table = parseScoreTableCsv(text, 'bfcl', { categories: ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection'] });
  const pearson = correlationMatrix(table);
  assertClose(correlationValues(pearson), BFCL_PEARSON);
  assert.deepEqual(correlationCounts(pearson), BFCL_N);
  assertClose(correlationValues(correlationMatrix(table, { method: 'spearman' })), BFCL_SPEARMAN);
});

test('a constant category or too few models give null with a reason, never NaN', () => {
  assert.deepEqual(correlation([1, 1, 1, 1], [1, 2, 3, 4]), { r: null, n: 4, reason: 'constant' });
  assert.deepEqual(correlation([0.1, 0.1, 0.1], [3, 1, 2], 'spearman'), { r: null, n: 3, reason: 'constant' });
  assert.deepEqual(correlation([1, 2, null, 4], [1, null, 3, 4]), { r: null, n: 2, reason: 'too-few-pairs' });
  assert.deepEqual(correlation([], []), { r: null, n: 0, reason: 'too-few-pairs' });
  assert.equal(describeUndefined('too-few-pairs', 2), 'only 2 models with both scores (needs 3)');
  assert.match(describeUndefined('constant', 5), /same score for all 5 models/);
  const table = ScoreTable.create({ source: 't', models: ['a', 'b', 'c'], categories: ['x', 'y'], scores: [[1, 5], [1, 6], [1, 7]] });
  const matrix = correlationMatrix(table);
  assert.deepEqual(matrix.entries[0]?.[0], { r: null, n: 3, reason: 'constant' });
  assert.deepEqual(matrix.entries[1]?.[1], { r: 1, n: 3, reason: null });
});

test('extreme magnitudes neither overflow nor underflow', () => {
  assert.equal(correlation([1e308, -1e308, 5e307], [1, -1, 0.5]).r, 1);
  assert.equal(correlation([1e-320, 2e-320, 3e-320], [3, 2, 1]).r, -1);
  // A common offset of 1e15 on differences of 1: a one-pass or naive two-pass sum loses them.
  const r = correlation([1e15 + 1, 1e15 + 2, 1e15 + 4], [1, 2, 4]).r;
  assert.ok(r !== null && Math.abs(r - 1) < 1e-15, String(r));
});

const column = fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { nil: null }), { minLength: 0, maxLength: 30 });

test('coefficients are symmetric, within [-1, 1], with n the complete pairs, or null: never NaN', () => {
  fc.assert(
    fc.property(column, column, fc.constantFrom('pearson' as const, 'spearman' as const), (xs, ys, method) => {
      const c = correlation(xs, ys, method);
      const d = correlation(ys, xs, method);
      assert.deepEqual(c, d);
      assert.equal(c.n, xs.filter((x, i) => x !== null && i < ys.length && ys[i] !== null).length);
      if (c.r !== null) assert.ok(c.r >= -1 && c.r <= 1 && !Number.isNaN(c.r));
      else assert.ok(c.reason === 'too-few-pairs' || c.reason === 'constant');
    }),
  );
});

test('Pearson is invariant under positive affine maps; Spearman under any increasing map', () => {
  const values = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 25 });
  fc.assert(
    fc.property(values, values, fc.integer({ min: 1, max: 50 }), fc.integer({ min: -100, max: 100 }), (xs, ys, scale, shift) => {
      const n = Math.min(xs.length, ys.length);
      const x = xs.slice(0, n);
      const y = ys.slice(0, n);
      const base = correlation(x, y);
      const moved = correlation(x.map((v) => v * scale + shift), y);
      if (base.r === null) assert.equal(moved.r, null);
      else assert.ok(moved.r !== null && Math.abs(moved.r - base.r) < 1e-12);
      const rank = correlation(x, y, 'spearman');
      const cubed = correlation(x.map((v) => v ** 3 + v), y, 'spearman');
      if (rank.r === null) assert.equal(cubed.r, null);
      else assert.ok(cubed.r !== null && Math.abs(cubed.r - rank.r) < 1e-12);
    }),
  );
});

test('average ranks: ties share the mean rank and the ranks sum to n(n+1)/2', () => {
  assert.deepEqual(averageRanks([10, 20, 20, 5, 20]), [2, 4, 4, 1, 4]);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 5 })), (values) => {
      const ranks = averageRanks(values);
      const n = values.length;
      assert.equal(ranks.reduce((a, b) => a + b, 0), (n * (n + 1)) / 2);
      values.forEach((v, i) => values.forEach((w, j) => assert.equal(Math.sign(ranks[i]! - ranks[j]!), Math.sign(v - w))));
    }),
  );
});

test('the matrix is symmetric, over the population asked for', () => {
  const population = ['m1', 'm2', 'm4', 'm6'];
  const matrix = correlationMatrix(smallTable, { population });
  assert.deepEqual(matrix.population, population);
  assert.equal(matrix.entries[0]?.[2]?.n, 4);
  assert.equal(matrix.entries[0]?.[3]?.n, 3);
  matrix.entries.forEach((row, i) => row.forEach((e, j) => assert.deepEqual(e, matrix.entries[j]?.[i])));
});

test('mean off-diagonal: the defined upper-triangle coefficients only', () => {
  const matrix = correlationMatrix(smallTable);
  const defined = [SMALL_PEARSON[0]![1]!, SMALL_PEARSON[0]![2]!, SMALL_PEARSON[0]![3]!, SMALL_PEARSON[1]![2]!, SMALL_PEARSON[2]![3]!];
  const { mean, pairs } = meanOffDiagonal(matrix);
  assert.equal(pairs, 5);
  assert.ok(Math.abs((mean ?? 0) - defined.reduce((a, b) => a + b, 0) / 5) < 1e-12);
  const single = ScoreTable.create({ source: 's', models: ['a', 'b'], categories: ['x', 'y'], scores: [[1, 2], [3, 4]] });
  assert.deepEqual(meanOffDiagonal(correlationMatrix(single)), { mean: null, pairs: 0 });
});
