// `soce run` with `executor: slurm` against the real one-node cluster that
// tools/slurm/start-cluster.sh starts (CI runs it through tools/setup.sh); without it these tests
// fail, naming the script. Each point is a real batch job running `soce job run` (this checkout's
// CLI through tsx) on the node, which merges the soup and runs the closed-form fake benchmark.
// The cluster has 2 CPUs, so at most two jobs run at once: the grids are small.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { fakeEvaluatorArgv } from '../test-fixtures/fake_evaluator_command.ts';
import { runSoce, SOCE_COMMAND, startSoce as startProcess, until, type SoceProcess } from '../test-fixtures/soce_cli.ts';

const SETUP_HINT = 'start the test cluster as root with `bash tools/slurm/start-cluster.sh`';

const roots: string[] = [];
const started: SoceProcess[] = [];
after(() => {
  for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // Nothing a failed test submitted may keep running.
  for (const root of roots) {
    for (const id of jobIdsOf(root)) spawnSyncQuiet('scancel', [id]);
    rmSync(root, { recursive: true, force: true });
  }
});

function spawnSyncQuiet(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return '';
  }
}

before(() => {
  let states: string;
  try {
    states = execFileSync('sinfo', ['--noheader', '--format=%T'], { encoding: 'utf8', timeout: 20_000 });
  } catch (error) {
    throw new Error(`no Slurm cluster answers (${(error as Error).message.split('\n')[0]}); ${SETUP_HINT}`);
  }
  if (!/^(idle|mixed|allocated|completing)/m.test(states)) throw new Error(`no Slurm node is up (sinfo: ${states.trim()}); ${SETUP_HINT}`);
});

/** Three candidates whose tensor `w` is a corner of the simplex, and a soce.yaml for them. */
async function workspace(executor: 'local' | 'slurm', options: { sbatch?: string[]; bounds?: string } = {}): Promise<{ root: string; file: string }> {
  const root = mkdtempSync(join(tmpdir(), 'soce-slurm-run-'));
  roots.push(root);
  const corners: Record<string, number[]> = { a: [1, 0, 0], b: [0, 1, 0], c: [0, 0, 1] };
  for (const [name, w] of Object.entries(corners)) {
    await saveCheckpoint(nodeFileSystem, join(root, name), [{ name: 'w', dtype: 'F32', shape: [3], data: new Uint8Array(new Float32Array(w).buffer) }], { config: { model_type: 'toy' } });
  }
  // The evaluator notes the Slurm job it runs in, then runs the fake benchmark.
  const evaluator = ['bash', '-c', 'echo "${SLURM_JOB_ID:-none}" >>"$0"; exec "$@"', join(root, 'jobs.log'), ...fakeEvaluatorArgv(root)];
  const slurm = {
    kind: 'slurm',
    workDir: join(root, 'work'),
    poll: 0.5,
    maxJobs: 4,
    sbatch: options.sbatch ?? [],
    soce: SOCE_COMMAND,
  };
  const file = join(root, 'soce.yaml');
  writeFileSync(
    file,
    [
      'candidates: { a: ./a, b: ./b, c: ./c }',
      'experts: [a, b, c]',
      // 7 grid points around the best one, 0.5/0.3/0.2, and the uniform soup: few jobs, as the
      // cluster runs two at a time.
      `search: { strategy: grid, step: 0.1, bounds: ${options.bounds ?? '{ perExpert: { a: { min: 0.4, max: 0.6 }, b: { min: 0.2, max: 0.4 }, c: { min: 0.1, max: 0.3 } } }'} }`,
      `evaluator: ${JSON.stringify({ command: evaluator, timeout: 120 })}`,
      'out: ./run',
      'backend: cpu',
      `executor: ${JSON.stringify(executor === 'local' ? { kind: 'local' } : slurm)}`,
    ].join('\n'),
  );
  return { root, file };
}

function lines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}

/** The job journal's records. */
function jobJournal(root: string): { type: string; job?: string; id?: string; state?: string; reason?: string; log?: string }[] {
  return lines(join(root, 'run', 'slurm-jobs.jsonl')).map((line) => JSON.parse(line));
}

function jobIdsOf(root: string): string[] {
  return jobJournal(root).flatMap((r) => (r.type === 'submitted' && r.id !== undefined ? [r.id] : []));
}

/** This run's jobs that squeue still lists as pending or running. */
function queued(root: string): string[] {
  const ids = new Set(jobIdsOf(root));
  return spawnSyncQuiet('squeue', ['--noheader', '--states=PENDING,RUNNING,COMPLETING', '--format=%i']).split('\n').map((s) => s.trim()).filter((id) => ids.has(id));
}

/** `soce <args>` as a real process, killed after the tests if a failure left it running. */
function startSoce(args: readonly string[], cwd: string): SoceProcess {
  const soce = startProcess(args, cwd);
  started.push(soce);
  return soce;
}

/** Waits that ask squeue: jobs take seconds, and each poll starts a process. */
const SQUEUE_POLL = { ms: 180_000, every: 100 };

describe('soce run with executor: slurm', () => {
  test('every point is a Slurm job; killed with SIGKILL while jobs are in flight and rerun, the run re-attaches, evaluates no point twice and reaches the local run\'s soup; soce shapley --config uses the jobs too', { timeout: 600_000 }, async () => {
    const local = await workspace('local');
    const expected = await runSoce(['run', '--config', local.file, '--format', 'json'], local.root);
    assert.equal(expected.code, 0, expected.err);
    const want = JSON.parse(expected.out);
    assert.deepEqual(want.best.weights, { a: 0.5, b: 0.3, c: 0.2 });

    const { root, file } = await workspace('slurm');
    const soce = startSoce(['run', '--config', file], root);
    // Killed once some jobs finished and others are queued or running.
    await until(() => lines(join(root, 'calls.log')).length >= 2 && queued(root).length >= 2, 'two finished evaluations and two jobs in flight', soce, SQUEUE_POLL);
    soce.child.kill('SIGKILL');
    assert.equal((await soce.exited).signal, 'SIGKILL');
    const inFlight = queued(root);
    assert.ok(inFlight.length >= 1, `jobs were still in flight after the kill: ${inFlight.join(', ')}`);

    const rerun = await runSoce(['run', '--config', file, '--format', 'json'], root);
    assert.equal(rerun.code, 0, rerun.err);
    const got = JSON.parse(rerun.out);
    for (const id of inFlight) assert.match(rerun.err, new RegExp(`Slurm job ${id} \\S+: ATTACHED`), `job ${id} was re-attached`);

    // The same soup and search as the local run's.
    assert.deepEqual(got.best, want.best);
    assert.deepEqual(got.points, want.points);
    assert.deepEqual(got.comparison, want.comparison);
    assert.deepEqual(readFileSync(join(root, 'run', 'soup', 'model.safetensors')), readFileSync(join(local.root, 'run', 'soup', 'model.safetensors')));

    // No point evaluated twice, each evaluation inside a job of its own, one submission per point.
    const calls = lines(join(root, 'calls.log'));
    assert.equal(calls.length, lines(join(local.root, 'calls.log')).length);
    assert.equal(new Set(calls).size, calls.length, `a point was evaluated twice:\n${calls.join('\n')}`);
    const jobs = lines(join(root, 'jobs.log'));
    assert.equal(jobs.length, calls.length);
    for (const id of jobs) assert.match(id, /^[0-9]+$/, 'the evaluator ran inside a Slurm job');
    assert.equal(new Set(jobs).size, jobs.length);
    const journal = jobJournal(root);
    const submitted = journal.filter((r) => r.type === 'submitted');
    assert.equal(submitted.length, calls.length, 'one submission per point');
    assert.equal(new Set(submitted.map((r) => r.job)).size, submitted.length);
    assert.equal(journal.filter((r) => r.type === 'submitting').length, submitted.length);
    assert.deepEqual([...new Set(journal.filter((r) => r.type === 'ended').map((r) => r.state))], ['COMPLETED']);
    assert.deepEqual(queued(root), []);

    // soce shapley --config evaluates its coalition soups through the executor too: the three
    // pairs are new (the singles and the full set are in the candidates' journal).
    const wantShapley = await runSoce(['shapley', '--config', local.file, '--format', 'json'], local.root);
    assert.equal(wantShapley.code, 0, wantShapley.err);
    const shapley = await runSoce(['shapley', '--config', file, '--format', 'json'], root);
    assert.equal(shapley.code, 0, shapley.err);
    assert.deepEqual(JSON.parse(shapley.out), JSON.parse(wantShapley.out));
    const shapleyJobs = lines(join(root, 'jobs.log')).slice(jobs.length);
    assert.equal(shapleyJobs.length, 3);
    for (const id of shapleyJobs) assert.match(id, /^[0-9]+$/, 'the coalition soup was evaluated inside a Slurm job');
  });
});

describe('soce run with executor: slurm, interrupted', () => {
  for (const detach of [false, true]) {
    test(detach ? 'SIGTERM with --detach leaves the jobs queued (for a rerun to re-attach to) and says so' : 'SIGTERM cancels the run\'s jobs with scancel and says so: none is left in squeue within seconds', { timeout: 300_000 }, async () => {
      // Wide bounds: more points than the cluster's two CPUs run at once, so jobs queue.
      const { root, file } = await workspace('slurm', { bounds: '{ min: 0.1, max: 0.9 }' });
      const soce = startSoce(['run', '--config', file, ...(detach ? ['--detach'] : [])], root);
      await until(() => queued(root).length >= 3, 'three jobs in flight', soce, SQUEUE_POLL);
      soce.child.kill('SIGTERM');
      const exit = await soce.exited;
      assert.equal(exit.code, 143, soce.stderr());
      const inFlight = jobIdsOf(root).filter((id) => !jobJournal(root).some((r) => r.type === 'ended' && r.id === id));
      const ids = new RegExp(`(${inFlight.join('|')})`);
      if (!detach) {
        assert.match(soce.stderr(), /cancelled [0-9]+ Slurm job\(s\) of this run with scancel \([0-9, ]+\)\n/);
        assert.match(soce.stderr(), ids);
        const end = Date.now() + 5_000;
        while (queued(root).length > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 200));
        assert.deepEqual(queued(root), [], 'no job of the run left in squeue 5 s after soce exited');
      } else {
        assert.match(soce.stderr(), /left [0-9]+ Slurm job\(s\) of this run running \([0-9, ]+\): run the same command again to collect them\n/);
        const left = queued(root);
        assert.ok(left.length >= 1, 'detached jobs stay queued');
        for (const id of left) assert.ok(inFlight.includes(id), `job ${id} is one the journal recorded as submitted`);
        spawnSyncQuiet('scancel', queued(root));
      }
    });
  }
});
