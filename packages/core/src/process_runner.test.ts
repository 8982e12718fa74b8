import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcessRunner } from './process_runner.ts';

/** The runner of the runtime the tests run under: `denoProcessRunner` or `nodeProcessRunner`. */
async function currentRunner(): Promise<ProcessRunner> {
  if ('Deno' in globalThis) return (await import('@soce/core/deno')).denoProcessRunner;
  return (await import('@soce/core/node')).nodeProcessRunner;
}

let runner: ProcessRunner;
before(async () => {
  runner = await currentRunner();
});

test('a finished program: its exit code and everything it printed on each stream', async () => {
  const result = await runner.run({
    argv: ['node', '-e', 'console.log("out"); console.error("err"); process.stdout.write("x".repeat(1 << 20)); process.exitCode = 3'],
    timeoutMs: 20_000,
  });
  assert.equal(result.exitCode, 3);
  assert.equal(result.stdout, `out\n${'x'.repeat(1 << 20)}`);
  assert.equal(result.stderr, 'err\n');
  assert.equal(result.timedOut, false);
  assert.equal(result.spawnError, undefined);
});

test('the working directory is the one asked for', async () => {
  const dir = new URL('../test-fixtures/', import.meta.url).pathname;
  const result = await runner.run({ argv: ['node', '-e', 'console.log(process.cwd())'], timeoutMs: 20_000, cwd: dir });
  assert.equal(result.stdout.trim(), dir.replace(/\/$/, ''));
});

test('a program past its time-out is killed and reported as timed out', async () => {
  const result = await runner.run({ argv: ['node', '-e', 'console.log("started"); setInterval(() => {}, 1000)'], timeoutMs: 500 });
  assert.equal(result.timedOut, true);
  assert.equal(result.exitCode, null);
  assert.equal(result.spawnError, undefined);
});

test('a program that cannot start is reported, not thrown', async () => {
  const result = await runner.run({ argv: ['/no/such/benchmark', '--flag'], timeoutMs: 5_000 });
  assert.equal(result.exitCode, null);
  assert.equal(result.timedOut, false);
  assert.match(result.spawnError ?? '', /no\/such\/benchmark/);
  const empty = await runner.run({ argv: [], timeoutMs: 5_000 });
  assert.equal(empty.spawnError, 'empty command');
  assert.equal(empty.exitCode, null);
});
