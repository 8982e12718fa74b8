import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { coalitionPoint, openSearchSession, simplexPoint } from '@soce/search';
import { onCandidates, onExperts, scoredBySearch } from './comparison_step.ts';

const CANDIDATES = ['xlam', 'toolace', 'watt', 'coalm'];
const EXPERTS = ['xlam', 'toolace', 'watt'];

test('onCandidates puts a point over the experts among all candidates, the others at 0', () => {
  const point = onCandidates(CANDIDATES, simplexPoint(EXPERTS, [7, 2, 1], 10));
  assert.deepEqual(point.experts, CANDIDATES);
  assert.equal(point.key, '7,2,1,0/10');
  assert.deepEqual(point.weights.toRecord(), { xlam: 0.7, toolace: 0.2, watt: 0.1, coalm: 0 });
});

test('onExperts is its inverse, and refuses a point that weights someone else', () => {
  assert.equal(onExperts(EXPERTS, simplexPoint(CANDIDATES, [7, 2, 1, 0], 10))?.key, '7,2,1/10');
  assert.equal(onExperts(EXPERTS, coalitionPoint(CANDIDATES, ['watt', 'coalm'])), undefined);
  fc.assert(
    fc.property(fc.array(fc.nat(20), { minLength: 3, maxLength: 3 }).filter((ks) => ks.some((k) => k > 0)), (ks) => {
      const point = simplexPoint(EXPERTS, ks, ks.reduce((s, k) => s + k, 0));
      assert.equal(onExperts(EXPERTS, onCandidates(CANDIDATES, point))?.key, point.key);
    }),
  );
});

test('scoredBySearch finds what the search session scored, never a failure or an unknown point', async () => {
  const session = await openSearchSession({
    experts: EXPERTS,
    evaluator: async (weights) => {
      if (weights.toRecord().watt === 1) throw new Error('benchmark crashed');
      return { alpha: weights.toRecord().xlam ?? 0 };
    },
    search: { bounds: { min: 0, max: 1 } },
  });
  await session.evaluate([simplexPoint(EXPERTS, [1, 1, 1], 3), simplexPoint(EXPERTS, [0, 0, 1], 1)]);
  const found = scoredBySearch(session, coalitionPoint(CANDIDATES, EXPERTS));
  assert.equal(found?.status, 'scored');
  assert.deepEqual(found?.scores, { alpha: 1 / 3 });
  assert.equal(scoredBySearch(session, coalitionPoint(CANDIDATES, ['watt'])), undefined, 'a failed point is evaluated again elsewhere');
  assert.equal(scoredBySearch(session, coalitionPoint(CANDIDATES, ['xlam'])), undefined, 'not evaluated');
  assert.equal(scoredBySearch(session, coalitionPoint(CANDIDATES, ['xlam', 'coalm'])), undefined, 'outside the experts');
  assert.equal(scoredBySearch(undefined, coalitionPoint(CANDIDATES, EXPERTS)), undefined);
});
