import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  memoryJournalStore,
  parseJournal,
  resolveBounds,
  searchWeights,
  type CategoryScores,
  type WeightsEvaluator,
  type SearchResult,
  type SearchSpec,
  type Strategy,
  type Weights,
} from '@soce/search';
import { withinBounds } from './bounds.ts';

/** A smooth landscape with three categories, plus failures at some points (by key). */
interface Landscape {
  readonly n: number;
  readonly peaks: readonly number[][];
  readonly failEvery: number;
}

const landscape: fc.Arbitrary<Landscape> = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    peaks: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }), { minLength: 3, maxLength: 3 }),
    failEvery: fc.constantFrom(0, 5, 11),
  }),
);

function scores(land: Landscape, w: Weights): CategoryScores {
  return Object.fromEntries(
    land.peaks.map((peak, c) => [`cat${c}`, 50 - 40 * w.values.reduce((acc, x, i) => acc + (x - (peak[i] as number)) ** 2, 0)]),
  );
}

/** FNV-1a, so whether a point fails depends on the point only. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const expertsOf = (n: number): string[] => ['xlam', 'toolace', 'watt', 'bitagent'].slice(0, n);

const searchCase = fc.record({
  land: landscape,
  strategy: fc.constantFrom<Strategy>('grid', 'coordinate', 'grid+coordinate'),
  concurrency: fc.integer({ min: 1, max: 4 }),
  budget: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  step: fc.constantFrom(0.1, 0.125, 0.2),
  min: fc.constantFrom(0, 0.05, 0.1),
});

type Case = typeof searchCase extends fc.Arbitrary<infer T> ? T : never;

function spec(c: Case): SearchSpec {
  return { strategy: c.strategy, step: c.step, bounds: { min: c.min, max: 1 - c.min * (c.land.n - 1) } };
}

/** An evaluator over the case's landscape that logs calls and can kill the run at call `killAt`. */
function evaluatorFor(c: Case, calls: string[], kill?: { at: number; controller: AbortController }): WeightsEvaluator {
  return async (weights, { point }) => {
    calls.push(point.key);
    if (kill !== undefined && calls.length === kill.at) {
      kill.controller.abort(new Error('killed'));
      return new Promise<CategoryScores>(() => undefined);
    }
    // Yield so several evaluations really overlap when concurrency allows.
    await Promise.resolve();
    if (c.land.failEvery > 0 && hash(point.key) % c.land.failEvery === 0) throw new Error(`no GPU for ${point.key}`);
    return scores(c.land, weights);
  };
}

/** What must not change when a search is interrupted and resumed. */
function summary(result: SearchResult) {
  return {
    best: result.best && [result.best.point.key, result.best.score],
    stoppedBy: result.stoppedBy,
    evaluations: result.evaluations,
    history: result.history.map((e) => `${e.point.key}:${e.status}`),
  };
}

test('property: every point any strategy proposes is exact, sums to 1 and respects the bounds', async () => {
  await fc.assert(
    fc.asyncProperty(searchCase, async (c) => {
      const experts = expertsOf(c.land.n);
      const calls: string[] = [];
      const result = await searchWeights({ experts, evaluator: evaluatorFor(c, calls), search: spec(c), concurrency: c.concurrency, budget: c.budget });
      const bounds = resolveBounds(experts, spec(c).bounds);
      for (const { point } of result.history) {
        assert.equal(point.numerators.reduce((a, b) => a + b, 0), point.denominator);
        assert.ok(Math.abs(point.weights.values.reduce((a, b) => a + b, 0) - 1) <= 1e-12);
        assert.ok(withinBounds(point, bounds), `${point.toString()} outside the bounds`);
      }
      assert.equal(new Set(calls).size, calls.length, 'a point was evaluated twice');
      assert.equal(result.evaluations, calls.length);
      if (c.budget !== undefined) assert.ok(calls.length <= c.budget);
      if (result.stoppedBy !== 'budget' && result.best !== undefined) {
        const scored = result.history.flatMap((e) => (e.status === 'scored' ? [e.score] : []));
        assert.equal(result.best.score, Math.max(...scored));
      }
    }),
    { numRuns: 40 },
  );
});

test('property: killed after a random number of evaluations, a resumed search ends as an uninterrupted one and re-evaluates nothing finished', async () => {
  await fc.assert(
    fc.asyncProperty(searchCase, fc.integer({ min: 1, max: 40 }), async (c, killAt) => {
      const experts = expertsOf(c.land.n);
      const options = { experts, search: spec(c), concurrency: c.concurrency, budget: c.budget };
      const baseline = await searchWeights({ ...options, evaluator: evaluatorFor(c, []) });

      const journal = memoryJournalStore();
      const controller = new AbortController();
      const firstCalls: string[] = [];
      let killed = false;
      try {
        await searchWeights({ ...options, journal, signal: controller.signal, evaluator: evaluatorFor(c, firstCalls, { at: killAt, controller }) });
      } catch (error) {
        assert.equal((error as Error).message, 'killed');
        killed = true;
      }
      assert.equal(killed, firstCalls.length >= killAt);
      const finished = new Set(parseJournal(journal.text, 'j').records.map((r) => r.point.key));
      const secondCalls: string[] = [];
      const resumed = await searchWeights({ ...options, journal, evaluator: evaluatorFor(c, secondCalls) });
      assert.deepEqual(summary(resumed), summary(baseline));
      assert.ok(secondCalls.every((key) => !finished.has(key)), 'a finished point was evaluated again');
    }),
    { numRuns: 40 },
  );
});

test('property: with the journal cut at a random byte, a resumed search ends as an uninterrupted one and re-evaluates nothing recorded', async () => {
  await fc.assert(
    fc.asyncProperty(searchCase, fc.double({ min: 0, max: 1, noNaN: true }), async (c, cutAt) => {
      const experts = expertsOf(c.land.n);
      const options = { experts, search: spec(c), concurrency: c.concurrency, budget: c.budget };
      const full = memoryJournalStore();
      const baseline = await searchWeights({ ...options, journal: full, evaluator: evaluatorFor(c, []) });
      const bytes = new TextEncoder().encode(full.text);
      const cut = new TextDecoder().decode(bytes.subarray(0, Math.floor(cutAt * bytes.length)));
      const journal = memoryJournalStore(cut);
      const recorded = new Set(parseJournal(cut, 'j').records.map((r) => r.point.key));
      const calls: string[] = [];
      const resumed = await searchWeights({ ...options, journal, evaluator: evaluatorFor(c, calls) });
      assert.deepEqual(summary(resumed), summary(baseline));
      assert.ok(calls.every((key) => !recorded.has(key)), 'a recorded point was evaluated again');
      assert.equal(calls.length, baseline.evaluations - recorded.size);
      // The journal is whole again: a third run evaluates nothing.
      const third: string[] = [];
      assert.deepEqual(summary(await searchWeights({ ...options, journal, evaluator: evaluatorFor(c, third) })), summary(baseline));
      assert.equal(third.length, 0);
    }),
    { numRuns: 40 },
  );
});
