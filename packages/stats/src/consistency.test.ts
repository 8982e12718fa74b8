import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisOptionsError } from './analysis_options_error.ts';
import { consistency } from './consistency.ts';
import { ScoreTable } from './score_table.ts';

const categories = ['a', 'b', 'c'];
// Before souping, the checkpoints trade categories off; the soups are good or bad across the board.
const before = ScoreTable.create({ source: 'candidates', models: ['m1', 'm2', 'm3', 'm4'], categories, scores: [[90, 10, 50], [10, 90, 50], [50, 50, 90], [60, 40, 10]] });
const after = ScoreTable.create({ source: 'soups', models: ['s1', 's2', 's3', 's4'], categories: [...categories, 'extra'], scores: [[70, 68, 72, 1], [60, 61, 59, 2], [80, 79, 83, 3], [65, 66, 64, 4]] });

test('souping that makes performance consistent raises the mean correlation', () => {
  const result = consistency(before, after);
  assert.deepEqual(result.categories, categories);
  assert.equal(result.before.pairs, 3);
  assert.ok((result.before.meanCorrelation ?? 1) < 0);
  assert.ok((result.after.meanCorrelation ?? 0) > 0.9);
  assert.ok(Math.abs((result.change ?? 0) - ((result.after.meanCorrelation ?? 0) - (result.before.meanCorrelation ?? 0))) < 1e-15);
  assert.ok((result.before.meanAbsCorrelation ?? 0) >= Math.abs(result.before.meanCorrelation ?? 0));
  assert.deepEqual(result.after.matrix.categories, categories);
  assert.deepEqual(result.after.matrix.population, ['s1', 's2', 's3', 's4']);
});

test('categories must be shared by both tables', () => {
  assert.throws(() => consistency(before, after, { categories: ['a', 'extra'] }), (e: unknown) => e instanceof AnalysisOptionsError && /category "extra" is not in candidates/.test(e.message));
  const other = ScoreTable.create({ source: 'other', models: ['x'], categories: ['a', 'z'], scores: [[1, 2]] });
  assert.throws(() => consistency(before, other), /they share only "a"/);
});

test('too few models leave the mean undefined rather than NaN', () => {
  const two = ScoreTable.create({ source: 'two', models: ['x', 'y'], categories, scores: [[1, 2, 3], [2, 3, 1]] });
  const result = consistency(two, after);
  assert.deepEqual([result.before.meanCorrelation, result.before.pairs, result.change], [null, 0, null]);
});
