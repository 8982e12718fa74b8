import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { DEFAULT_OUTPUT_TAIL_BYTES, type ProcessRunner } from './process_runner.ts';

// Both runtimes run these (node:fs, node:os and node:process are Deno's Node compatibility), each
// with its own runner, against real processes.

/** The runner of the runtime the tests run under: `denoProcessRunner` or `nodeProcessRunner`. */
async function currentRunner(): Promise<ProcessRunner> {
  if ('Deno' in globalThis) return (await import('@soce/core/deno')).denoProcessRunner;
  return (await import('@soce/core/node')).nodeProcessRunner;
}

let runner: ProcessRunner;
before(async () => {
  runner = await currentRunner();
});

/** Whether a process is running: it exists and is no zombie (nothing here reaps orphans). */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  const state = readFileSync(stat, 'utf8').replace(/^.*\) /s, '')[0];
  return state !== 'Z' && state !== 'X';
}

/** Polls until `condition` holds, for at most `ms`. */
async function eventually(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

/** A directory for a pid file, and the pid the shell wrote to it. */
function pidFile(): { path: string; pid: () => number; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'soce-runner-'));
  const path = join(dir, 'grandchild.pid');
  return { path, pid: () => Number(readFileSync(path, 'utf8')), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a finished program: its exit code and everything it printed on each stream', async () => {
  const result = await runner.run({
    argv: ['node', '-e', 'console.log("out"); console.error("err"); process.stdout.write("x".repeat(1 << 19)); process.exitCode = 3'],
    timeoutMs: 20_000,
  });
  assert.equal(result.exitCode, 3);
  assert.equal(result.stdout, `out\n${'x'.repeat(1 << 19)}`);
  assert.equal(result.stdoutBytes, 4 + (1 << 19));
  assert.equal(result.stderr, 'err\n');
  assert.equal(result.stderrBytes, 4);
  assert.deepEqual([result.timedOut, result.aborted, result.strayProcesses, result.spawnError], [false, false, false, undefined]);
});

test('the working directory is the one asked for', async () => {
  const dir = new URL('../test-fixtures/', import.meta.url).pathname;
  const result = await runner.run({ argv: ['node', '-e', 'console.log(process.cwd())'], timeoutMs: 20_000, cwd: dir });
  assert.equal(result.stdout.trim(), dir.replace(/\/$/, ''));
});

test('a program past its time-out is stopped and reported as timed out', async () => {
  const result = await runner.run({ argv: ['node', '-e', 'console.log("started"); setInterval(() => {}, 1000)'], timeoutMs: 500 });
  assert.equal(result.timedOut, true);
  assert.equal(result.exitCode, null);
  assert.equal(result.spawnError, undefined);
});

test('a program that cannot start is reported, not thrown', async () => {
  const result = await runner.run({ argv: ['/no/such/benchmark', '--flag'], timeoutMs: 5_000 });
  assert.equal(result.exitCode, null);
  assert.equal(result.timedOut, false);
  assert.match(result.spawnError ?? '', /no\/such\/benchmark|No such file/);
  const empty = await runner.run({ argv: [], timeoutMs: 5_000 });
  assert.equal(empty.spawnError, 'empty command');
  assert.equal(empty.exitCode, null);
});

test('the program leads a process group of its own', async () => {
  const result = await runner.run({ argv: ['sh', '-c', 'ps -o pid=,pgid= -p $$'], timeoutMs: 20_000 });
  const [pid, group] = result.stdout.trim().split(/\s+/).map(Number);
  assert.ok(pid !== undefined && pid > 0);
  assert.equal(group, pid);
  assert.notEqual(group, process.pid);
});

test('a time-out stops the whole group, even a grandchild that holds the stdout pipe, without waiting for it', { timeout: 60_000 }, async () => {
  const file = pidFile();
  try {
    const started = Date.now();
    // `sleep` in the background inherits stdout: before, soce killed only the shell and then
    // waited for the pipe to close, i.e. forever.
    const result = await runner.run({ argv: ['sh', '-c', `sleep 600 & echo $! > ${file.path}; echo started; wait`], timeoutMs: 500, killGraceMs: 500 });
    assert.equal(result.timedOut, true);
    assert.match(result.stdout, /started/);
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms: it waited for the grandchild`);
    assert.ok(await eventually(() => !running(file.pid()), 5_000), `grandchild ${file.pid()} still runs`);
  } finally {
    file.cleanup();
  }
});

test('SIGTERM first, SIGKILL after the grace period, for a group that ignores SIGTERM', { timeout: 60_000 }, async () => {
  const file = pidFile();
  try {
    const started = Date.now();
    const result = await runner.run({ argv: ['sh', '-c', `trap "" TERM; sleep 600 & echo $! > ${file.path}; wait; wait`], timeoutMs: 300, killGraceMs: 700 });
    const took = Date.now() - started;
    assert.equal(result.timedOut, true);
    assert.ok(took >= 900, `SIGKILL came after ${took} ms, before the grace period`);
    assert.ok(await eventually(() => !running(file.pid()), 5_000));
  } finally {
    file.cleanup();
  }
});

test('an abort stops the group at once and is reported as such', { timeout: 60_000 }, async () => {
  const file = pidFile();
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await runner.run({ argv: ['sh', '-c', `sleep 600 & echo $! > ${file.path}; wait`], timeoutMs: 60_000, signal: controller.signal, killGraceMs: 500 });
    assert.equal(result.aborted, true);
    assert.equal(result.timedOut, false);
    assert.ok(await eventually(() => !running(file.pid()), 5_000));
    const late = await runner.run({ argv: ['node', '-e', ''], timeoutMs: 5_000, signal: controller.signal });
    assert.equal(late.aborted, true, 'nothing starts once the signal fired');
  } finally {
    file.cleanup();
  }
});

test('processes a program leaves behind are stopped when it exits, and its result is kept', { timeout: 60_000 }, async () => {
  const file = pidFile();
  try {
    const started = Date.now();
    const result = await runner.run({ argv: ['sh', '-c', `sleep 600 & echo $! > ${file.path}; echo '{"alpha": 1}'; exit 0`], timeoutMs: 60_000, killGraceMs: 500 });
    assert.equal(result.exitCode, 0);
    assert.equal(result.strayProcesses, true);
    assert.equal(result.stdout, '{"alpha": 1}\n');
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms: it waited for the stray process`);
    assert.ok(await eventually(() => !running(file.pid()), 5_000));
  } finally {
    file.cleanup();
  }
});

test('600 MB on stdout: only the tail is kept, memory stays small, the last line survives', { timeout: 120_000 }, async () => {
  const bytes = 600 * 2 ** 20;
  const before = process.memoryUsage.rss();
  let peak = before;
  const probe = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const result = await runner.run({ argv: ['sh', '-c', `head -c ${bytes} /dev/zero | tr '\\0' 'x'; echo; echo '{"alpha": 61.5}'`], timeoutMs: 100_000 });
  clearInterval(probe);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdoutBytes, bytes + 1 + 16);
  assert.equal(result.stdout.length, DEFAULT_OUTPUT_TAIL_BYTES);
  assert.ok(result.stdout.endsWith('x\n{"alpha": 61.5}\n'));
  // Reading 600 MB in 64 KiB chunks allocates as it goes; what is kept is 1 MiB.
  console.log(`600 MB of stdout: RSS grew by ${((peak - before) / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(peak - before < 256 * 2 ** 20, `RSS grew by ${((peak - before) / 2 ** 20).toFixed(0)} MiB`);
});
