import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simplexPoint, type Evaluation } from '@soce/search';
import { consistencyView } from './consistency_step.ts';

const EXPERTS = ['a', 'b'];
const scored = (k: number, scores: Record<string, number>): Evaluation => ({
  status: 'scored',
  point: simplexPoint(EXPERTS, [k, 10 - k], 10),
  scores,
  score: Object.values(scores).reduce((s, x) => s + x, 0),
  cached: false,
});
const failed = (k: number): Evaluation => ({ status: 'failed', point: simplexPoint(EXPERTS, [k, 10 - k], 10), error: 'exited with 1', cached: false });

// Candidates whose categories disagree (alpha and beta anti-correlated); soups that agree.
const CANDIDATES = [
  { name: 'a', scores: { alpha: 90, beta: 40, gamma: 70 } },
  { name: 'b', scores: { alpha: 50, beta: 85, gamma: 60 } },
  { name: 'c', scores: { alpha: 70, beta: 60, gamma: 40 } },
];
const SOUPS = [scored(2, { alpha: 70, beta: 71, gamma: 69 }), scored(5, { alpha: 75, beta: 76, gamma: 74 }), scored(8, { alpha: 80, beta: 80.5, gamma: 79 })];

test("the candidates' category correlations beside the soups'", () => {
  const view = consistencyView(CANDIDATES, SOUPS);
  assert.ok(view !== undefined);
  assert.deepEqual(view.before.categories, ['alpha', 'beta', 'gamma']);
  assert.deepEqual(view.after.categories, ['alpha', 'beta', 'gamma']);
  assert.ok((view.before.r[0]![1] ?? 0) < -0.9, 'alpha and beta disagree across the candidates');
  assert.ok((view.after.r[0]![1] ?? 0) > 0.99, 'and agree across the soups');
  assert.deepEqual(view.before.n, [[3, 3, 3], [3, 3, 3], [3, 3, 3]]);
  assert.ok(view.meanBefore !== null && view.meanAfter !== null && view.meanAfter > view.meanBefore, 'souping raised the consistency');
});

test('too few candidates, scored soups or categories: no consistency view', () => {
  assert.equal(consistencyView(CANDIDATES.slice(0, 2), SOUPS), undefined);
  assert.equal(consistencyView(CANDIDATES, SOUPS.slice(0, 2)), undefined);
  assert.equal(consistencyView(CANDIDATES, [...SOUPS.slice(0, 2), failed(1), failed(3)]), undefined, 'failed soups do not count');
  assert.equal(consistencyView([], SOUPS), undefined);
  const oneCategory = CANDIDATES.map((c) => ({ name: c.name, scores: { alpha: c.scores.alpha } }));
  assert.equal(consistencyView(oneCategory, SOUPS), undefined);
});
