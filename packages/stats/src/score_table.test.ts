import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScoreTable } from './score_table.ts';
import { ScoreTableError } from './score_table_error.ts';

const table = ScoreTable.create({ source: 't', models: ['a', 'b'], categories: ['x', 'y', 'z'], scores: [[1, null, 3], [4, 5, 6]] });

test('scores by name, rows, columns and means over present scores', () => {
  assert.equal(table.score('a', 'z'), 3);
  assert.equal(table.score('a', 'y'), null);
  assert.deepEqual(table.row('b'), [4, 5, 6]);
  assert.deepEqual(table.column('y'), [null, 5]);
  assert.deepEqual(table.column('x', ['b', 'a']), [4, 1]);
  assert.equal(table.meanScore('a'), 2);
  assert.equal(ScoreTable.create({ source: 'e', models: ['m'], categories: ['x'], scores: [[null]] }).meanScore('m'), null);
  assert.deepEqual(table.selectCategories(['z', 'x']).row('a'), [3, 1]);
  assert.ok(table.hasModel('a') && !table.hasModel('c'));
});

test('unknown names are ScoreTableErrors naming the table', () => {
  assert.throws(() => table.score('c', 'x'), (e: unknown) => e instanceof ScoreTableError && e.message === 't, model "c": no such model in the table');
  assert.throws(() => table.column('w'), /t, column "w": no such category; the categories are "x", "y", "z"/);
});

test('create refuses what would make the table inconsistent', () => {
  const bad = (init: Parameters<typeof ScoreTable.create>[0], pattern: RegExp): void => assert.throws(() => ScoreTable.create(init), (e: unknown) => e instanceof ScoreTableError && pattern.test(e.message));
  bad({ source: 's', models: ['a', 'a'], categories: ['x'], scores: [[1], [2]] }, /s, model "a": model "a" appears twice/);
  bad({ source: 's', models: ['a'], categories: ['x', 'x'], scores: [[1, 2]] }, /category "x" appears twice/);
  bad({ source: 's', models: ['a'], categories: ['x'], scores: [[1], [2]] }, /1 models but 2 rows of scores/);
  bad({ source: 's', models: ['a'], categories: ['x', 'y'], scores: [[1]] }, /s, model "a": 1 scores for 2 categories/);
  bad({ source: 's', models: ['a'], categories: ['x'], scores: [[Number.NaN]] }, /invalid table at scores\[0\]\[0\]/);
  bad({ source: 's', models: [], categories: ['x'], scores: [] }, /invalid table at models: needs at least one model/);
  bad({ source: 's', models: [''], categories: ['x'], scores: [[1]] }, /invalid table at models\[0\]: must not be empty/);
});

test('the table cannot be changed through what it hands out', () => {
  assert.ok(Object.isFrozen(table.models) && Object.isFrozen(table.categories));
  table.row('a')[0] = 99;
  table.column('x')[0] = 99;
  assert.equal(table.score('a', 'x'), 1);
});
