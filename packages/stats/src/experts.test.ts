import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AnalysisOptionsError } from './analysis_options_error.ts';
import { selectExperts } from './experts.ts';
import { ScoreTable } from './score_table.ts';

const table = ScoreTable.create({
  source: 'toy',
  models: ['m1', 'm2', 'm3', 'm4'],
  categories: ['a', 'b', 'c', 'd'],
  scores: [
    [90, 10, 50, 50],
    [80, 70, 50, 60],
    [80, 70, 40, null],
    [null, 95, 10, 10],
  ],
});
const singles = (...categories: string[]): string[][] => categories.map((c) => [c]);

test('each category goes to its best candidate; winners are merged and listed once', () => {
  assert.deepEqual(selectExperts(table, singles('a', 'b', 'd')), {
    experts: [
      { model: 'm1', categories: ['a'] },
      { model: 'm4', categories: ['b'] },
      { model: 'm2', categories: ['d'] },
    ],
    dropped: [],
    uncovered: [],
  });
  assert.deepEqual(selectExperts(table, singles('a', 'b', 'd'), { candidates: ['m2', 'm3'] }).experts, [{ model: 'm2', categories: ['a', 'b', 'd'] }]);
});

test('ties: the higher mean over all categories, then the name that sorts first', () => {
  // On c, m1 and m2 tie at 50; m2's mean (65) beats m1's (50).
  assert.deepEqual(selectExperts(table, singles('c')).experts, [{ model: 'm2', categories: ['c'] }]);
  // On a, m2 and m3 tie at 80 among these candidates; m2's mean 65 beats m3's 63.3.
  assert.deepEqual(selectExperts(table, singles('a'), { candidates: ['m3', 'm2'] }).experts, [{ model: 'm2', categories: ['a'] }]);
  const twins = ScoreTable.create({ source: 't', models: ['zeta', 'Alpha', 'alpha'], categories: ['x'], scores: [[1], [1], [1]] });
  // Code-unit order: "Alpha" < "alpha" < "zeta", whatever the locale.
  assert.deepEqual(selectExperts(twins, singles('x')).experts, [{ model: 'Alpha', categories: ['x'] }]);
});

test('a candidate missing a score cannot win it; a category nobody has is reported', () => {
  const holes = ScoreTable.create({ source: 'h', models: ['p', 'q'], categories: ['x', 'y'], scores: [[null, 1], [5, null]] });
  assert.deepEqual(selectExperts(holes, singles('x', 'y'), { candidates: ['p'] }), {
    experts: [{ model: 'p', categories: ['y'] }],
    dropped: [],
    uncovered: [{ categories: ['x'], reason: 'no candidate has a score on "x"' }],
  });
  // A cluster needs every one of its scores.
  assert.deepEqual(selectExperts(holes, [['x', 'y']]).uncovered, [{ categories: ['x', 'y'], reason: 'no candidate has a score on every category of the cluster' }]);
});

test('a cluster goes to the best mean over its categories', () => {
  // {b, c}: m2 60, m3 55, m4 52.5, m1 30.
  assert.deepEqual(selectExperts(table, [['c', 'b']]).experts, [{ model: 'm2', categories: ['b', 'c'] }]);
});

test('maxExperts keeps those winning the most categories, deterministically', () => {
  const result = selectExperts(table, singles('a', 'b', 'c', 'd'), { maxExperts: 2 });
  // m2 wins c and d; m1 (a) and m4 (b) win one each; m1's mean 50 beats m4's 38.3.
  assert.deepEqual(result.experts, [
    { model: 'm1', categories: ['a'] },
    { model: 'm2', categories: ['c', 'd'] },
  ]);
  assert.deepEqual(result.dropped, [{ model: 'm4', categories: ['b'] }]);
  for (const bad of [0, 1.5, -1]) assert.throws(() => selectExperts(table, singles('a'), { maxExperts: bad }), AnalysisOptionsError);
});

test('unknown or repeated candidates are refused, naming close matches', () => {
  assert.throws(() => selectExperts(table, singles('a'), { candidates: ['M1'] }), /candidates: "M1" is not a model of toy; did you mean "m1"\?/);
  assert.throws(() => selectExperts(table, singles('a'), { candidates: ['m1', 'm1'] }), /"m1" is listed twice/);
  assert.throws(() => selectExperts(table, singles('a'), { candidates: [] }), /the list is empty/);
});

test('the expert of a category scores at least as well as every candidate there', () => {
  const scores = fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 });
  fc.assert(
    fc.property(scores, (rows) => {
      const t = ScoreTable.create({ source: 'r', models: rows.map((_, i) => `m${i}`), categories: ['x', 'y', 'z'], scores: rows });
      const { experts, uncovered } = selectExperts(t, singles('x', 'y', 'z'));
      const covered = experts.flatMap((e) => e.categories);
      assert.equal(covered.length + uncovered.length, 3);
      assert.equal(new Set(experts.map((e) => e.model)).size, experts.length);
      for (const e of experts) {
        for (const c of e.categories) for (const m of t.models) assert.ok((t.score(m, c) ?? -1) <= (t.score(e.model, c) ?? -1));
      }
    }),
  );
});
