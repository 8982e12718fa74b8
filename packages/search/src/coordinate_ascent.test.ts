import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { coordinateAscent, resolveBounds, simplexPoint, stepSchedule, uniformPoint, type AscentOracle, type AscentOutcome, type SimplexPoint } from '@soce/search';
import { withinBounds } from './bounds.ts';

const experts = ['a', 'b', 'c'];

/** A concave quadratic peaking at `target`, with per-expert curvature. */
function quadratic(target: readonly number[], curvature: readonly number[]): (p: SimplexPoint) => number {
  return (p) => -p.weights.values.reduce((acc, w, i) => acc + (curvature[i] as number) * (w - (target[i] as number)) ** 2, 0);
}

/** An oracle scoring with `f` that records every point it was asked for. */
function recordingOracle(f: (p: SimplexPoint) => number, asked: SimplexPoint[]): AscentOracle {
  return async (points) => {
    asked.push(...points);
    return points.map((p): AscentOutcome => ({ status: 'scored', score: f(p) }));
  };
}

test('the step schedule halves from the initial step down to the minimum', () => {
  assert.deepEqual(stepSchedule(0.1, 0.025), [10, 20, 40]);
  assert.deepEqual(stepSchedule(0.1, 0.03), [10, 20]);
  assert.deepEqual(stepSchedule(0.1, 0.1), [10]);
  assert.throws(() => stepSchedule(0.1, 0.2), { name: 'SearchOptionsError', message: /exceeds the initial step/ });
  assert.throws(() => stepSchedule(0.1, 0), { name: 'SearchOptionsError', message: /positive/ });
  assert.throws(() => stepSchedule(0.3, 0.1), { name: 'GridError' });
});

test('coordinate ascent climbs from the uniform point to the optimum, bounds included', async () => {
  const f = quadratic([0.7, 0.2, 0.1], [1, 1, 1]);
  const asked: SimplexPoint[] = [];
  const result = await coordinateAscent({
    start: uniformPoint(experts),
    bounds: resolveBounds(experts),
    initialStep: 0.1,
    minStep: 0.025,
    batchSize: 1,
    oracle: recordingOracle(f, asked),
  });
  assert.equal(result.stoppedBy, 'converged');
  assert.equal(result.step, 0.025);
  assert.ok(result.moves >= 3);
  result.point.weights.values.forEach((w, i) => assert.ok(Math.abs(w - [0.7, 0.2, 0.1][i]!) <= 0.0125 + 1e-12, `${result.point.toString()}`));
  assert.equal(result.score, f(result.point));
  assert.equal(new Set(asked.map((p) => p.key)).size, asked.length, 'no point asked twice');
});

test('a move that would cross a bound stops on it, so the bound is reachable from 1/3', async () => {
  // The unconstrained optimum (1, 0, 0) lies outside 0.1 ... 0.9: the best feasible point is (0.8, 0.1, 0.1).
  const f = quadratic([1, 0, 0], [1, 1, 1]);
  const result = await coordinateAscent({
    start: uniformPoint(experts),
    bounds: resolveBounds(experts),
    initialStep: 0.1,
    minStep: 0.025,
    batchSize: 1,
    oracle: recordingOracle(f, []),
  });
  assert.equal(result.point.key, '8,1,1/10');
});

test('the ascent stops on the budget, keeping an improvement found before the cut', async () => {
  let left = 4;
  const f = quadratic([0.7, 0.2, 0.1], [1, 1, 1]);
  const result = await coordinateAscent({
    start: uniformPoint(experts),
    bounds: resolveBounds(experts),
    initialStep: 0.1,
    minStep: 0.025,
    batchSize: 3,
    oracle: async (points) =>
      points.map((p): AscentOutcome => (left-- > 0 ? { status: 'scored', score: f(p) } : { status: 'skipped' })),
  });
  assert.equal(result.stoppedBy, 'budget');
  assert.ok(result.score !== undefined && result.score > f(uniformPoint(experts)));
});

test('a failed start counts as -Infinity and failed neighbours never win', async () => {
  const f = quadratic([0.5, 0.3, 0.2], [1, 1, 1]);
  const failing = new Set([uniformPoint(experts).key]);
  const result = await coordinateAscent({
    start: uniformPoint(experts),
    bounds: resolveBounds(experts),
    initialStep: 0.1,
    minStep: 0.05,
    batchSize: 1,
    oracle: async (points) =>
      points.map((p): AscentOutcome => {
        if (failing.has(p.key) || p.weights.values[2]! < 0.15) return { status: 'failed' };
        return { status: 'scored', score: f(p) };
      }),
  });
  assert.equal(result.stoppedBy, 'converged');
  assert.ok(result.point.weights.values[2]! >= 0.15);
  assert.ok(result.score !== undefined && Number.isFinite(result.score));
});

const ascentCase = fc.record({
  n: fc.integer({ min: 2, max: 5 }),
  target: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
  curvature: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 5, maxLength: 5 }),
  min: fc.integer({ min: 0, max: 15 }).map((x) => x / 100),
  batchSize: fc.integer({ min: 2, max: 6 }),
  startNumerators: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 5, maxLength: 5 }),
});

test('property: proposals are exact, within the bounds, never repeated, and the path ignores batchSize', async () => {
  await fc.assert(
    fc.asyncProperty(ascentCase, async ({ n, target, curvature, min, batchSize, startNumerators }) => {
      const names = experts.concat(['d', 'e']).slice(0, n);
      const bounds = resolveBounds(names, { min, max: 1 - min * (n - 1) });
      const sum = target.slice(0, n).reduce((a, b) => a + b, 0);
      const f = quadratic(target.slice(0, n).map((t) => t / sum), curvature);
      const ks = startNumerators.slice(0, n);
      const candidate = simplexPoint(names, ks, ks.reduce((a, b) => a + b, 0));
      const start = withinBounds(candidate, bounds) ? candidate : uniformPoint(names);
      const run = async (size: number) => {
        const asked: SimplexPoint[] = [];
        const result = await coordinateAscent({ start, bounds, initialStep: 0.1, minStep: 0.025, batchSize: size, oracle: recordingOracle(f, asked) });
        return { result, asked };
      };
      const one = await run(1);
      const many = await run(batchSize);
      assert.equal(many.result.point.key, one.result.point.key);
      assert.equal(many.result.moves, one.result.moves);
      for (const { asked } of [one, many]) {
        assert.equal(new Set(asked.map((p) => p.key)).size, asked.length, 'a point was asked twice');
        for (const p of asked) {
          assert.equal(p.numerators.reduce((a, b) => a + b, 0), p.denominator);
          assert.ok(withinBounds(p, bounds), `${p.toString()} is outside the bounds`);
        }
      }
      // Sequential asking is the minimum; a batch may only add speculative points.
      assert.ok(many.asked.length >= one.asked.length);
    }),
    { numRuns: 60 },
  );
});
