import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSoce } from '../test-fixtures/soce_cli.ts';


// The glove game: L owns the only left glove, R1 and R2 one right glove each.
const glove = {
  players: ['L', 'R1', 'R2'],
  values: [
    { coalition: ['L'], value: 0 },
    { coalition: ['R1'], value: 0 },
    { coalition: ['R2'], value: 0 },
    { coalition: ['L', 'R1'], value: 1 },
    { coalition: ['R2', 'L'], value: 1 },
    { coalition: ['R1', 'R2'], value: 0 },
    { coalition: ['R2', 'R1', 'L'], value: 1 },
  ],
};

async function fixture(content: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'soce-shapley-'));
  await writeFile(join(dir, 'values.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

test('--format json prints { shapley: { player: value } }', async () => {
  const dir = await fixture(glove);
  const { code, out, err } = await runSoce(['shapley', '--values', 'values.json', '--format', 'json'], dir);
  assert.equal(err, '');
  assert.equal(code, 0);
  const { shapley } = JSON.parse(out);
  assert.deepEqual(Object.keys(shapley), ['L', 'R1', 'R2']);
  assert.ok(Math.abs(shapley.L - 2 / 3) < 1e-12 && Math.abs(shapley.R1 - 1 / 6) < 1e-12 && Math.abs(shapley.R2 - 1 / 6) < 1e-12);
});

test('the table lists players from the highest value, with shares and the efficiency check', async () => {
  const dir = await fixture(glove);
  const { code, out } = await runSoce(['shapley', '--values', 'values.json'], dir);
  assert.equal(code, 0);
  assert.match(out, /Shapley values of 3 players \(exact, from 8 coalition values\) in values\.json/);
  assert.match(out, /L +0\.6667 +66\.7%\n +R1 +0\.1667 +16\.7%\n +R2 +0\.1667 +16\.7%/);
  assert.match(out, /Σφ = 1\.0000 = v\(N\) − v\(∅\) = 1\.0000 − 0\.0000/);
});

test('a missing coalition exits 2 naming it', async () => {
  const dir = await fixture({ players: glove.players, values: glove.values.filter((v) => v.coalition.length !== 3) });
  const { code, out, err } = await runSoce(['shapley', '--values', 'values.json'], dir);
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.match(err, /^soce: values\.json: no value for coalition \{L, R1, R2\}; .*add \{ "coalition": \["L","R1","R2"\], "value": <number> \}/);
});

test('malformed files and flags exit 2', async () => {
  const broken = await fixture('{"players": ["a"], "values": [{"coalition": ["b"], "value": 1}]}');
  assert.match((await runSoce(['shapley', '--values', 'values.json'], broken)).err, /values\.json: values\[0\]: "b" is not one of the players/);
  const notJson = await fixture('players: a');
  const parsed = await runSoce(['shapley', '--values', 'values.json'], notJson);
  assert.equal(parsed.code, 2);
  assert.match(parsed.err, /values\.json: not valid JSON/);
  assert.equal((await runSoce(['shapley', '--values', 'missing.json'], notJson)).code, 2);
  assert.equal((await runSoce(['shapley', '--values', 'values.json', '--format', 'yaml'], notJson)).code, 2);
});

test('--help shows an example', async () => {
  const { code, out } = await runSoce(['shapley', '--help'], tmpdir());
  assert.equal(code, 0);
  assert.match(out, /Example: three candidates whose soups were all evaluated/);
  assert.match(out, /\$ soce shapley --values values\.json/);
});
