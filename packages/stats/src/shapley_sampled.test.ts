import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { shapley } from './shapley.ts';
import { exactShapley } from './shapley_exact.ts';
import { ShapleyInputError } from './shapley_input_error.ts';
import type { ValueFunction } from './shapley_result.ts';
import { sampledShapley } from './shapley_sampled.ts';

const glovePlayers = ['L1', 'L2', 'R1', 'R2', 'R3'];
// min(left gloves, right gloves): exactly 13/20 per left glove and 7/30 per right glove
// (averaging marginal contributions over all 120 orderings).
const glove: ValueFunction = (c) => Math.min(c.filter((p) => p.startsWith('L')).length, c.filter((p) => p.startsWith('R')).length);

test('estimates land within four standard errors of the exact values', async () => {
  const exact = await exactShapley(glovePlayers, glove);
  exact.values.forEach(({ player, value }) => assert.ok(Math.abs(value - (player.startsWith('L') ? 13 / 20 : 7 / 30)) < 1e-12));
  for (const antithetic of [true, false]) {
    const sampled = await sampledShapley(glovePlayers, glove, { permutations: 400, seed: 7, antithetic });
    assert.equal(sampled.method, 'sampled');
    assert.equal(sampled.permutations, 400);
    sampled.values.forEach(({ value, standardError }, i) => {
      assert.ok(standardError !== null && standardError > 0);
      const truth = exact.values[i]?.value ?? 0;
      assert.ok(Math.abs(value - truth) <= 4 * standardError, `${glovePlayers[i]}: ${value} vs ${truth} ± ${standardError}`);
    });
  }
});

test('the same seed gives the same estimate; estimates add up to v(N) − v(∅)', async () => {
  const a = await sampledShapley(glovePlayers, glove, { permutations: 50, seed: 3 });
  const b = await sampledShapley(glovePlayers, glove, { permutations: 50, seed: 3 });
  const c = await sampledShapley(glovePlayers, glove, { permutations: 50, seed: 4 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.values, c.values);
  const sum = a.values.reduce((s, v) => s + v.value, 0);
  assert.ok(Math.abs(sum - (a.grandCoalitionValue - a.emptyCoalitionValue)) < 1e-12);
});

test('an additive game is recovered exactly, with zero standard error', async () => {
  const players = Array.from({ length: 30 }, (_, i) => `p${i}`);
  const result = await shapley(players, (c) => c.reduce((s, p) => s + Number(p.slice(1)), 0), { permutations: 6 });
  assert.equal(result.method, 'sampled');
  result.values.forEach(({ value, standardError }, i) => {
    assert.ok(Math.abs(value - i) < 1e-9);
    assert.equal(standardError, 0);
  });
});

test('each coalition is evaluated at most once and the budget is never exceeded', async () => {
  const players = Array.from({ length: 25 }, (_, i) => `p${i}`);
  const seen = new Map<string, number>();
  const counting: ValueFunction = async (c) => {
    const key = c.join('+');
    seen.set(key, (seen.get(key) ?? 0) + 1);
    return c.length;
  };
  const result = await sampledShapley(players, counting, { permutations: 1000, maxEvaluations: 200, seed: 1 });
  assert.ok(result.evaluations <= 200);
  assert.equal(result.evaluations, seen.size);
  assert.ok([...seen.values()].every((count) => count === 1));
  assert.ok((result.permutations ?? 0) >= 2 && (result.permutations ?? 0) < 1000);
  await assert.rejects(sampledShapley(players, counting, { maxEvaluations: 10 }), (e: unknown) => e instanceof ShapleyInputError && /does not cover one pair of permutations of 25 players \(up to 50 coalition values\)/.test(e.message));
});

test('a known v(∅) is not asked for', async () => {
  const calls: string[][] = [];
  await sampledShapley(['a', 'b', 'c'], (c) => {
    calls.push([...c]);
    return c.length;
  }, { emptyValue: 0, permutations: 10 });
  assert.ok(calls.every((c) => c.length > 0));
});

test('one sample has no standard error', async () => {
  const result = await sampledShapley(['a', 'b'], (c) => c.length, { permutations: 1, antithetic: false });
  assert.equal(result.permutations, 1);
  assert.deepEqual(result.values.map((v) => v.standardError), [null, null]);
});

test('shapley() is exact up to 20 players unless sampling is asked for', async () => {
  assert.equal((await shapley(glovePlayers, glove)).method, 'exact');
  assert.equal((await shapley(glovePlayers, glove, { maxEvaluations: 32 })).method, 'exact');
  assert.equal((await shapley(glovePlayers, glove, { maxEvaluations: 31, emptyValue: 0 })).method, 'exact');
  assert.equal((await shapley(glovePlayers, glove, { maxEvaluations: 20 })).method, 'sampled');
  assert.equal((await shapley(glovePlayers, glove, { permutations: 10 })).method, 'sampled');
});

test('bad sampling options are ShapleyInputErrors', async () => {
  await assert.rejects(sampledShapley(['a'], () => 0, { permutations: 0 }), /permutations must be a whole number of at least 1/);
  await assert.rejects(sampledShapley(['a'], () => 0, { maxEvaluations: 0 }), /maxEvaluations must be at least 1/);
  await assert.rejects(sampledShapley(['a', 'b'], (c) => (c.length === 2 ? Number.POSITIVE_INFINITY : 0)), /the value of coalition \{a, b\} is Infinity/);
});

test('sampled estimates always satisfy efficiency', async () => {
  const game = fc.integer({ min: 1, max: 7 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 2 ** n, maxLength: 2 ** n })));
  await fc.assert(
    fc.asyncProperty(game, fc.integer(), fc.boolean(), async ([n, values], seed, antithetic) => {
      const players = Array.from({ length: n }, (_, i) => `p${i}`);
      const mask = (c: readonly string[]): number => c.reduce((m, p) => m | (1 << Number(p.slice(1))), 0);
      const result = await sampledShapley(players, (c) => values[mask(c)] ?? 0, { permutations: 5, seed, antithetic });
      const sum = result.values.reduce((s, v) => s + v.value, 0);
      assert.ok(Math.abs(sum - ((values[2 ** n - 1] ?? 0) - (values[0] ?? 0))) < 1e-9);
    }),
    { numRuns: 50 },
  );
});
