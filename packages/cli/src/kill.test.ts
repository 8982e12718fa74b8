// Real `soce` processes stopped mid-work: SIGKILL (nothing to clean up with), SIGTERM (what
// Slurm, Kubernetes and `timeout` send) and SIGINT (Ctrl-C). Each test checks that the stop
// really happened mid-run before looking at what was left, and prints the child's stderr when
// something is not as expected.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { encodeSafetensors, saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { fakeEvaluatorYaml } from '../test-fixtures/fake_evaluator_command.ts';
import { runSoce, startSoce as startProcess, until, type SoceProcess } from '../test-fixtures/soce_cli.ts';

const roots: string[] = [];
const started: SoceProcess[] = [];
after(async () => {
  // A failed assertion may leave a soce running: stop it the way a user would, so it stops its evaluators.
  for (const soce of started) {
    if (soce.child.exitCode !== null || soce.child.signalCode !== null) continue;
    soce.child.kill('SIGCONT');
    soce.child.kill('SIGTERM');
    const timer = setTimeout(() => soce.child.kill('SIGKILL'), 10_000);
    await soce.exited;
    clearTimeout(timer);
  }
  roots.forEach((root) => rmSync(root, { recursive: true, force: true }));
});
function tempRoot(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  roots.push(root);
  return root;
}

/** `soce <args>` as a real process, stopped after the tests if a failure left it running. */
function startSoce(args: readonly string[], cwd: string): SoceProcess {
  const soce = startProcess(args, cwd);
  started.push(soce);
  return soce;
}

/** Whether a process is running: it exists and is no zombie (orphans may wait long to be reaped here). */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  const state = readFileSync(stat, 'utf8').replace(/^.*\) /s, '')[0];
  return state !== 'Z' && state !== 'X';
}

async function eventually(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

describe('soce merge, stopped mid-write', () => {
  // Two 128 MiB checkpoints: the merge writes for long enough to be caught in the act.
  const ELEMENTS = 32 * 2 ** 20;
  let dir = '';
  before(async () => {
    dir = tempRoot('soce-merge-kill-');
    for (const [name, value] of [['a', 1], ['b', 3]] as const) {
      const data = new Float32Array(ELEMENTS).fill(value);
      data[ELEMENTS - 1] = value * 10;
      await saveCheckpoint(nodeFileSystem, join(dir, name), [{ name: 'w', dtype: 'F32', shape: [ELEMENTS], data: new Uint8Array(data.buffer) }], { config: { model_type: 'toy' } });
    }
  });
  const ARGS = ['merge', '--backend', 'cpu', '--out', 'soup', '--model', 'a:0.5', '--model', 'b:0.5'];
  const temporaries = () => readdirSync(dir).filter((name) => name.startsWith('soup.tmp-'));

  /** Starts a merge and stops it (SIGSTOP) once its temporary directory is being written; checks the soup is not there yet. */
  async function caughtMidWrite(): Promise<SoceProcess> {
    const soce = startSoce(ARGS, dir);
    await until(() => temporaries().some((name) => existsSync(join(dir, name, 'model.safetensors'))), 'temporary soup being written', soce);
    soce.child.kill('SIGSTOP');
    assert.equal(existsSync(join(dir, 'soup')), false, 'stopped before the soup was published');
    return soce;
  }

  test('SIGKILL leaves soup.tmp-*; the next merge removes it, says so, takes over the lock and writes a complete soup', { timeout: 300_000 }, async () => {
    const soce = await caughtMidWrite();
    soce.child.kill('SIGKILL');
    assert.equal((await soce.exited).signal, 'SIGKILL');
    const left = temporaries();
    assert.equal(left.length, 1, `one temporary directory left: ${left.join(', ')}`);
    assert.ok(existsSync(join(dir, 'soup.lock')), 'the lock of the killed merge is left');

    const rerun = await runSoce(ARGS, dir);
    assert.equal(rerun.code, 0, rerun.err);
    assert.match(rerun.err, new RegExp(`soce: took over .*/soup\\.lock from pid ${soce.child.pid} \\(soce merge --out soup, started .*\\), which is no longer running`));
    assert.match(rerun.err, new RegExp(`soce: removed .*/${left[0]!.replaceAll('.', '\\.')}, left by a merge that was stopped before it finished`));
    assert.deepEqual(temporaries(), []);
    assert.equal(existsSync(join(dir, 'soup.lock')), false);
    const soup = readFileSync(join(dir, 'soup', 'model.safetensors'));
    const header = Number(soup.readBigUInt64LE(0));
    assert.equal(soup.length, 8 + header + 4 * ELEMENTS, 'the soup is complete');
    assert.equal(soup.readFloatLE(8 + header), 2);
    assert.equal(soup.readFloatLE(soup.length - 4), 20);
    rmSync(join(dir, 'soup'), { recursive: true });
  });

  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    test(`${signal} stops the merge cleanly: exit ${code}, nothing left behind, and the message says so`, { timeout: 300_000 }, async () => {
      const soce = await caughtMidWrite();
      // Delivered as soon as the merge runs again, mid-write.
      soce.child.kill(signal);
      soce.child.kill('SIGCONT');
      const exit = await soce.exited;
      assert.equal(exit.code, code, soce.stderr());
      assert.match(soce.stderr(), new RegExp(`^soce: interrupted by ${signal}; nothing was written to .*/soup: run the same command again to merge\\n$`));
      assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('soup')), [], 'no soup, temporary directory or lock');
    });
  }
});

describe('soce run, stopped mid-search', () => {
  /** Three candidates whose tensor `w` is a corner of the simplex: a soup's `w` is its weights. */
  async function workspace(modeArgs: readonly string[] = [], timeout = 60): Promise<{ root: string; file: string }> {
    const root = tempRoot('soce-run-kill-');
    const corners: Record<string, number[]> = { a: [1, 0, 0], b: [0, 1, 0], c: [0, 0, 1] };
    for (const [name, w] of Object.entries(corners)) {
      await saveCheckpoint(nodeFileSystem, join(root, name), [{ name: 'w', dtype: 'F32', shape: [3], data: new Uint8Array(new Float32Array(w).buffer) }], { config: { model_type: 'toy' } });
    }
    const file = join(root, 'soce.yaml');
    writeFileSync(file, [
      'candidates: { a: ./a, b: ./b, c: ./c }',
      'experts: [a, b, c]',
      'search: { strategy: grid, step: 0.1, bounds: { min: 0.1, max: 0.9 } }',
      `evaluator: { command: ${fakeEvaluatorYaml(root, modeArgs)}, timeout: ${timeout} }`,
      'out: ./run',
    ].join('\n'));
    return { root, file };
  }
  const calls = (root: string): string[] => (existsSync(join(root, 'calls.log')) ? readFileSync(join(root, 'calls.log'), 'utf8').split('\n').filter(Boolean) : []);

  /** The points (as the evaluator logs them: w to 4 places) the journals record as scored. */
  function journaled(root: string): string[] {
    return ['journal.jsonl', 'candidates.jsonl'].flatMap((name) => {
      const path = join(root, 'run', name);
      if (!existsSync(path)) return [];
      return readFileSync(path, 'utf8').split('\n').filter((line) => line.startsWith('{"type":"result"')).map((line) => {
        const { weights } = JSON.parse(line) as { weights: Record<string, number> };
        return ['a', 'b', 'c'].map((name) => (weights[name] ?? 0).toFixed(4)).join(',');
      });
    });
  }

  // 36 grid points and the uniform one, then the 3 candidates alone (the uniform soup of all is the search's).
  const TOTAL = 40;

  test('SIGKILL mid-search, then a plain rerun: no finished evaluation runs again, the stale lock is taken over, the soup is the best point', { timeout: 600_000 }, async () => {
    const { root, file } = await workspace();
    const soce = startSoce(['run', '--config', file], root);
    await until(() => calls(root).length >= 3, 'three finished evaluations', soce);
    soce.child.kill('SIGKILL');
    assert.equal((await soce.exited).signal, 'SIGKILL');
    const done = calls(root).length;
    assert.ok(done > 0 && done < TOTAL, `killed mid-run: ${done} of ${TOTAL} evaluations had run`);
    const finished = journaled(root);
    assert.ok(finished.length >= done - 1, `${finished.length} journaled of ${done} run: at most the one in flight is missing`);
    const soupsLeft = existsSync(join(root, 'run', 'soups')) ? readdirSync(join(root, 'run', 'soups')) : [];

    const { code, out, err } = await runSoce(['run', '--config', file, '--format', 'json'], root);
    assert.equal(code, 0, err);
    assert.match(err, new RegExp(`took over .*/run/soce\\.lock from pid ${soce.child.pid} \\(soce run --config ${file.replaceAll('.', '\\.')}`));
    for (const name of soupsLeft) assert.ok(err.includes(`removed ${join(root, 'run', 'soups', name)}, left by a run that was stopped`), `${name} reported:\n${err}`);
    assert.deepEqual(readdirSync(join(root, 'run', 'soups')), []);

    const counts = new Map<string, number>();
    for (const line of calls(root)) counts.set(line, (counts.get(line) ?? 0) + 1);
    assert.equal(counts.size, TOTAL);
    for (const point of finished) assert.equal(counts.get(point), 1, `${point} was journaled before the kill and evaluated again`);
    const repeated = [...counts.values()].filter((n) => n > 1).length;
    assert.ok(repeated <= done - finished.length, `${repeated} points evaluated twice; only the one in flight at the kill may be`);
    assert.deepEqual(JSON.parse(out).best.weights, { a: 0.5, b: 0.3, c: 0.2 });
    const soup = readFileSync(join(root, 'run', 'soup', 'model.safetensors'));
    const header = Number(soup.readBigUInt64LE(0));
    assert.deepEqual([0, 1, 2].map((i) => soup.readFloatLE(8 + header + 4 * i).toFixed(4)), ['0.5000', '0.3000', '0.2000']);
  });

  test('SIGTERM mid-evaluation: a second run on the same out is refused meanwhile; the evaluator and the server it started are gone; exit 143 and how to resume', { timeout: 300_000 }, async () => {
    const { root, file } = await workspace(['server'], 600);
    const pids = join(root, 'calls.log.pids');
    const soce = startSoce(['run', '--config', file], root);
    await until(() => existsSync(pids) && readFileSync(pids, 'utf8').includes(' '), 'an evaluation running', soce);
    const [evaluator, server] = readFileSync(pids, 'utf8').split(' ').map(Number) as [number, number];
    assert.ok(running(evaluator) && running(server));

    const second = await runSoce(['run', '--config', file], root);
    assert.equal(second.code, 2, second.err);
    assert.match(second.err, new RegExp(`^soce: .*/run is in use by another soce \\(pid ${soce.child.pid}, started \\S+: soce run --config ${file.replaceAll('.', '\\.')}\\); wait for it to finish or stop it, or give this one another output directory\\n$`));

    soce.child.kill('SIGTERM');
    const exit = await soce.exited;
    assert.equal(exit.code, 143, soce.stderr());
    assert.match(soce.stderr(), /soce: interrupted by SIGTERM; evaluations that finished are kept in .*\/run\/journal\.jsonl: run the same command again to continue where it stopped\n$/);
    assert.ok(await eventually(() => !running(evaluator), 5_000), `the evaluator ${evaluator} still runs`);
    assert.ok(await eventually(() => !running(server), 5_000), `the server ${server} it started still runs`);
    assert.equal(existsSync(join(root, 'run', 'soce.lock')), false, 'the lock is released');
  });
});
