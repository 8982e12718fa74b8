import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCoalitionValues, shapleyFromValues } from './coalition_values.ts';
import { ShapleyInputError } from './shapley_input_error.ts';

// The paper's MGSM analysis shape: every non-empty coalition of the candidates, measured once.
const glove = {
  players: ['L', 'R1', 'R2'],
  values: [
    { coalition: ['L'], value: 0 },
    { coalition: ['R1'], value: 0 },
    { coalition: ['R2'], value: 0 },
    { coalition: ['R1', 'L'], value: 1 },
    { coalition: ['L', 'R2'], value: 1 },
    { coalition: ['R2', 'R1'], value: 0 },
    { coalition: ['L', 'R1', 'R2'], value: 1 },
  ],
};

function rejects(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (e: unknown) => e instanceof ShapleyInputError && pattern.test(e.message));
}

test('exact values from a table of coalition values; members in any order; v(∅) is 0 unless given', () => {
  const result = shapleyFromValues(parseCoalitionValues(JSON.stringify(glove), 'g.json'));
  assert.equal(result.method, 'exact');
  assert.equal(result.emptyCoalitionValue, 0);
  const [l, r1, r2] = result.values.map((v) => v.value);
  assert.ok(Math.abs((l ?? 0) - 2 / 3) < 1e-12 && Math.abs((r1 ?? 0) - 1 / 6) < 1e-12 && Math.abs((r2 ?? 0) - 1 / 6) < 1e-12);
  const shifted = shapleyFromValues({ players: glove.players, values: [...glove.values, { coalition: [], value: -2 }] });
  assert.equal(shifted.emptyCoalitionValue, -2);
  assert.ok(Math.abs(shifted.values.reduce((s, v) => s + v.value, 0) - 3) < 1e-12);
});

test('a missing coalition is named, with how to add it', () => {
  const input = { players: glove.players, values: glove.values.filter((v) => v.coalition.length !== 2) };
  rejects(() => shapleyFromValues(input, 'g.json'), /^g\.json: no value for coalition \{L, R1\} \(also missing: \{L, R2\}, \{R1, R2\}\); exact Shapley values need every non-empty coalition of the 3 players: add \{ "coalition": \["L","R1"\], "value": <number> \} to "values"$/);
  const many = { players: ['a', 'b', 'c', 'd'], values: [{ coalition: ['a'], value: 1 }] };
  rejects(() => shapleyFromValues(many, 'm.json'), /no value for coalition \{b\} \(also missing: \{a, b\}, \{c\}, \{a, c\}, and 10 more\)/);
});

test('unknown or repeated members, repeated coalitions and non-finite values are named', () => {
  rejects(() => shapleyFromValues({ players: ['a', 'b'], values: [{ coalition: ['a', 'z'], value: 1 }] }, 'f'), /^f: values\[0\]: "z" is not one of the players \["a","b"\]/);
  rejects(() => shapleyFromValues({ players: ['a', 'b'], values: [{ coalition: ['a', 'a'], value: 1 }] }, 'f'), /values\[0\]: "a" appears twice in the coalition/);
  rejects(() => shapleyFromValues({ players: ['a', 'b'], values: [{ coalition: ['a', 'b'], value: 1 }, { coalition: ['b', 'a'], value: 2 }] }, 'f'), /values\[1\]: coalition \{b, a\} is already given in values\[0\]/);
  rejects(() => shapleyFromValues({ players: ['a'], values: [{ coalition: ['a'], value: Number.NaN }] }, 'f'), /values\[0\]: the value of \{a\} is NaN/);
  rejects(() => shapleyFromValues({ players: ['a', 'a'], values: [] }, 'f'), /^f: players: "a" is listed twice/);
  rejects(() => shapleyFromValues({ players: Array.from({ length: 21 }, (_, i) => `p${i}`), values: [] }, 'f'), /21 players need 2\^21 coalition values/);
});

test('the file format is checked, with the expected shape in the message', () => {
  rejects(() => parseCoalitionValues('{', 'v.json'), /^v\.json: not valid JSON/);
  rejects(() => parseCoalitionValues('{"players":["a"],"values":[{"coalition":"a","value":1}]}', 'v.json'), /^v\.json: values\[0\]\.coalition: .*expected \{ "players"/);
  rejects(() => parseCoalitionValues('[]', 'v.json'), /^v\.json: the file: /);
});

test('arbitrary text gives values or a ShapleyInputError, never another exception', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
      try {
        shapleyFromValues(parseCoalitionValues(text, 'r.json'), 'r.json');
      } catch (error) {
        if (!(error instanceof ShapleyInputError)) throw error;
      }
    }),
  );
});
