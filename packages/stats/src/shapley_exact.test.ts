import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { exactShapley } from './shapley_exact.ts';
import { ShapleyInputError } from './shapley_input_error.ts';
import type { ShapleyResult, ValueFunction } from './shapley_result.ts';

const byPlayer = (result: ShapleyResult): Record<string, number> => Object.fromEntries(result.values.map((v) => [v.player, v.value]));
const close = (actual: number, expected: number, tolerance = 1e-12): void => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

test('glove game: one left glove, two right gloves', async () => {
  const players = ['L', 'R1', 'R2'];
  const glove: ValueFunction = (c) => Math.min(c.filter((p) => p === 'L').length, c.filter((p) => p !== 'L').length);
  const phi = byPlayer(await exactShapley(players, glove));
  close(phi['L'] ?? 0, 2 / 3);
  close(phi['R1'] ?? 0, 1 / 6);
  close(phi['R2'] ?? 0, 1 / 6);
});

test('weighted majority [51; 50, 49, 1]: the big player has 2/3 of the power', async () => {
  const weights: Record<string, number> = { A: 50, B: 49, C: 1 };
  const phi = byPlayer(await exactShapley(Object.keys(weights), (c) => (c.reduce((s, p) => s + (weights[p] ?? 0), 0) >= 51 ? 1 : 0)));
  close(phi['A'] ?? 0, 2 / 3);
  close(phi['B'] ?? 0, 1 / 6);
  close(phi['C'] ?? 0, 1 / 6);
});

test('UN Security Council: 421/2145 per permanent member, 4/2145 per elected member', async () => {
  // A resolution passes with all 5 permanent members and at least 4 of the 10 elected ones
  // (Shapley & Shubik 1954, with today's 15 seats).
  const permanent = ['CN', 'FR', 'RU', 'UK', 'US'];
  const elected = Array.from({ length: 10 }, (_, i) => `E${i + 1}`);
  const passes: ValueFunction = (c) => (permanent.every((p) => c.includes(p)) && c.filter((p) => p.startsWith('E')).length >= 4 ? 1 : 0);
  const result = await exactShapley([...permanent, ...elected], passes);
  assert.equal(result.evaluations, 2 ** 15);
  for (const { player, value } of result.values) close(value, player.startsWith('E') ? 4 / 2145 : 421 / 2145);
});

test('each coalition is evaluated exactly once, members in players order, smallest first', async () => {
  const players = ['a', 'b', 'c', 'd', 'e'];
  const calls: string[] = [];
  const counting: ValueFunction = async (c) => {
    calls.push(c.join('+'));
    return c.length ** 2;
  };
  const result = await exactShapley(players, counting);
  assert.equal(calls.length, 32);
  assert.equal(new Set(calls).size, 32);
  assert.equal(result.evaluations, 32);
  assert.deepEqual(calls.slice(0, 6), ['', 'a', 'b', 'c', 'd', 'e']);
  assert.equal(calls.at(-1), 'a+b+c+d+e');
  for (const call of calls) assert.deepEqual(call.split('+').filter(Boolean), players.filter((p) => call.split('+').includes(p)));
  calls.length = 0;
  const withEmpty = await exactShapley(players, counting, { emptyValue: 0 });
  assert.ok(!calls.includes(''));
  assert.equal(withEmpty.evaluations, 31);
});

test('bad players or values are ShapleyInputErrors', async () => {
  await assert.rejects(exactShapley([], () => 0), /give at least one player/);
  await assert.rejects(exactShapley(['a', 'a'], () => 0), /"a" is listed twice/);
  await assert.rejects(exactShapley(Array.from({ length: 21 }, (_, i) => `p${i}`), () => 0), /limited to 20 players: use sampledShapley/);
  await assert.rejects(exactShapley(['a', 'b'], (c) => (c.length === 2 ? Number.NaN : 0)), (e: unknown) => e instanceof ShapleyInputError && /the value of coalition \{a, b\} is NaN/.test(e.message));
});

/** A random game on n players: a value per coalition mask. */
const game = fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2 ** n, maxLength: 2 ** n })));
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `p${i}`);
const maskOf = (c: readonly string[]): number => c.reduce((m, p) => m | (1 << Number(p.slice(1))), 0);
const fromTable = (values: readonly number[]): ValueFunction => (c) => values[maskOf(c)] ?? 0;
const phiOf = async (n: number, v: ValueFunction): Promise<number[]> => (await exactShapley(names(n), v)).values.map((x) => x.value);

test('efficiency: the values add up to v(N) − v(∅)', async () => {
  await fc.assert(
    fc.asyncProperty(game, async ([n, values]) => {
      const phi = await phiOf(n, fromTable(values));
      close(phi.reduce((a, b) => a + b, 0), (values[2 ** n - 1] ?? 0) - (values[0] ?? 0), 1e-9);
    }),
  );
});

test('symmetry: players the game cannot tell apart get the same value', async () => {
  await fc.assert(
    fc.asyncProperty(game.filter(([n]) => n >= 2), fc.nat(), fc.nat(), async ([n, values], x, y) => {
      const i = x % n;
      const j = (i + 1 + (y % (n - 1))) % n;
      const swap = (mask: number): number => {
        const bi = (mask >> i) & 1;
        const bj = (mask >> j) & 1;
        return (mask & ~((1 << i) | (1 << j))) | (bi << j) | (bj << i);
      };
      const symmetric: ValueFunction = (c) => (values[maskOf(c)] ?? 0) + (values[swap(maskOf(c))] ?? 0);
      const phi = await phiOf(n, symmetric);
      close(phi[i] ?? 0, phi[j] ?? 0, 1e-9);
    }),
  );
});

test('null player: a player that never changes the worth gets 0', async () => {
  await fc.assert(
    fc.asyncProperty(game, fc.nat(), async ([n, values], x) => {
      const k = x % n;
      const ignoresK: ValueFunction = (c) => values[maskOf(c) & ~(1 << k)] ?? 0;
      close((await phiOf(n, ignoresK))[k] ?? 1, 0, 1e-9);
    }),
  );
});

test('additivity: the values of v + w are the sums of the values of v and of w', async () => {
  await fc.assert(
    fc.asyncProperty(game, fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 64, maxLength: 64 }), async ([n, v], w) => {
      const both = await phiOf(n, (c) => (v[maskOf(c)] ?? 0) + (w[maskOf(c)] ?? 0));
      const a = await phiOf(n, fromTable(v));
      const b = await phiOf(n, fromTable(w));
      both.forEach((value, i) => close(value, (a[i] ?? 0) + (b[i] ?? 0), 1e-9));
    }),
  );
});
