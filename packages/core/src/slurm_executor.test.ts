// The Slurm executor against the real one-node cluster of tools/slurm/start-cluster.sh (CI runs it
// through tools/setup.sh); without it these tests fail, naming the script. The jobs run a stand-in
// for `soce job run` (a node one-liner that reads the point's spec and writes its scores), so the
// executor's side — submission, journal, re-attach, states, failures — is what is tested here; the
// CLI's tests run the real `soce job run`. The time-limit case takes 60-90 s (Slurm's limits are
// whole minutes, checked every 30 s) and runs under Node only.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryJournalStore, openSearchSession, simplexPoint, type MemoryJournalStore } from '@soce/search';
import { evaluationId } from './evaluator.ts';
import { SlurmClient } from './slurm_client.ts';
import { SlurmExecutor, type SlurmJobEvent } from './slurm_executor.ts';
import { slurmJobName } from './slurm_job_name.ts';
import { currentRuntime, type TestRuntime } from '../test-fixtures/current_runtime.ts';

const SETUP_HINT = 'start the test cluster as root with `bash tools/slurm/start-cluster.sh`';

/**
 * What the jobs run instead of soce: the spec's weights decide. a alone: exits 1 after a message
 * on stderr; b alone: sleeps (to be cancelled, or to run out of time); c alone: sleeps the first
 * time (to be preempted), then scores; otherwise writes scores that are a function of the weights.
 */
const FAKE_SOCE = [
  'node',
  '-e',
  `const fs = require('node:fs');
const path = process.argv.at(-1);
const spec = JSON.parse(fs.readFileSync(path, 'utf8'));
const w = spec.weights;
if (w.a === 1) { console.error('fake job: CUDA out of memory'); process.exit(1); }
if (w.b === 1) setTimeout(() => {}, 600000);
else if (w.c === 1 && !fs.existsSync(spec.scores + '.tried')) { fs.writeFileSync(spec.scores + '.tried', ''); setTimeout(() => {}, 600000); }
else fs.writeFileSync(spec.scores, JSON.stringify({ x: 10 * w.a, y: w.b }));`,
];

let runtime: TestRuntime;
let root: string;
const executors: SlurmExecutor[] = [];
let timeLimited: Promise<{ journal: MemoryJournalStore; evaluation: Promise<unknown> }>;
before(async () => {
  runtime = await currentRuntime('soce-executor-');
  root = await runtime.tempDir();
  const sinfo = await runtime.runner.run({ argv: ['sinfo', '--noheader', '--format=%T'], timeoutMs: 20_000 });
  if (sinfo.spawnError !== undefined || sinfo.exitCode !== 0 || !/^(idle|mixed|allocated|completing)/m.test(sinfo.stdout)) {
    throw new Error(`no Slurm cluster answers (sinfo: ${sinfo.spawnError ?? (sinfo.stdout + sinfo.stderr).trim()}); ${SETUP_HINT}`);
  }
  // Started first, so that its minute runs alongside the other tests.
  if (!('Deno' in globalThis)) {
    const journal = memoryJournalStore();
    const evaluation = executor('timeout', journal, ['--time=1']).evaluate({ split: 'dev', weights: { a: 0, b: 1, c: 0 } });
    evaluation.catch(() => undefined);
    timeLimited = Promise.resolve({ journal, evaluation });
  }
});
after(async () => {
  // Nothing a failed test submitted may keep running.
  for (const executor of executors) await executor.interrupted({ detach: false }).catch(() => undefined);
  await runtime.fs.remove(root);
});

function executor(name: string, journal: MemoryJournalStore, sbatch: string[] = [], events: SlurmJobEvent[] = []): SlurmExecutor {
  const created = new SlurmExecutor({
    fs: runtime.fs,
    runner: runtime.runner,
    journal: () => journal,
    workDir: `${root}/${name}`,
    sbatch,
    soce: FAKE_SOCE,
    pollSeconds: 0.25,
    retries: 1,
    candidates: { a: '/models/a', b: '/models/b', c: '/models/c' },
    backend: 'cpu',
    evaluators: { dev: { config: { command: ['unused'], timeout: 60, retries: 0, format: 'json' } } },
    onJob: (event) => events.push(event),
  });
  executors.push(created);
  return created;
}

/**
 * Waits until `ready` holds, checking every 50 ms; fails, naming `what`, when `evaluation` settles
 * first (no cluster, a job that failed) or after `ms`, rather than waiting for ever.
 */
async function until(what: string, ready: () => boolean | Promise<boolean>, evaluation: Promise<unknown>, ms = 120_000): Promise<void> {
  let settled = false;
  evaluation.then(() => (settled = true), () => (settled = true));
  const end = Date.now() + ms;
  while (!(await ready())) {
    if (settled) assert.fail(`the evaluation ended before ${what}`);
    if (Date.now() > end) assert.fail(`waited ${ms / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The job journal's records. */
function records(journal: MemoryJournalStore): { type: string; job?: string; id?: string; state?: string; reason?: string; log?: string }[] {
  return journal.text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

test('a point whose sbatch ran but whose id was never journaled (soce killed in between) is found by its job name and collected, not submitted again', async () => {
  const run = `f${Date.now().toString(36)}`; // squeue remembers earlier test runs' jobs for minutes
  const weights = { a: 0.5, b: 0.5, c: 0 };
  const name = slurmJobName({ run, point: `dev-${evaluationId(weights)}` });
  // As a soce killed right after sbatch left it: the submitting note, and a job of that name.
  const journal = memoryJournalStore(`${JSON.stringify({ type: 'run', run })}\n${JSON.stringify({ type: 'submitting', job: name, split: 'dev', weights })}\n`);
  const dir = `${root}/reattach/${run}`;
  const client = new SlurmClient({ runner: runtime.runner, fs: runtime.fs, jobDir: `${dir}/jobs` });
  await runtime.fs.mkdir(`${dir}/points`);
  const job = await client.submit({ name, sbatch: [], commands: [['bash', '-c', `sleep 1; echo '{"x":5,"y":0.5}' >"${dir}/points/${name}.scores.json"`]] });

  const events: SlurmJobEvent[] = [];
  const scores = await executor('reattach', journal, [], events).evaluate({ split: 'dev', weights });
  assert.deepEqual(scores, { x: 5, y: 0.5 });
  assert.deepEqual((await client.find(name)).map((s) => s.job.id), [job.id], 'no second job of that name');
  const lines = records(journal);
  assert.deepEqual(lines.filter((r) => r.type === 'submitted').map((r) => r.id), [job.id]);
  assert.deepEqual(lines.filter((r) => r.type === 'ended').map((r) => [r.id, r.state]), [[job.id, 'COMPLETED']]);
  assert.equal(events[0]?.state, 'ATTACHED');
  assert.equal(events.at(-1)?.state, 'COMPLETED');
});

test('through a search session: a job exiting 1 and one cancelled from outside are failed evaluations with Slurm\'s state, reason and log; the others are scored', async () => {
  const journal = memoryJournalStore();
  const events: SlurmJobEvent[] = [];
  const slurm = executor('failures', journal, [], events);
  const experts = ['a', 'b', 'c'];
  const session = await openSearchSession({
    experts,
    evaluator: (w) => slurm.evaluate({ split: 'dev', weights: w.toRecord() }),
    concurrency: 3,
  });
  const points = [simplexPoint(experts, [1, 0, 0], 1), simplexPoint(experts, [0, 1, 0], 1), simplexPoint(experts, [1, 1, 0], 2)];
  const evaluating = session.evaluate(points);
  // The sleeping job (b alone) is cancelled from outside once it runs.
  const runningB = (): SlurmJobEvent | undefined => events.find((e) => e.state === 'RUNNING' && e.job.name.includes('b1.000'));
  await until('the job of b alone to run', () => runningB() !== undefined, evaluating);
  const running = runningB()!.job;
  const scancel = await runtime.runner.run({ argv: ['scancel', running.id], timeoutMs: 20_000 });
  assert.equal(scancel.exitCode, 0, scancel.stderr);
  const [failed, cancelled, scored] = await evaluating;

  assert.equal(failed?.status, 'failed');
  assert.match(failed?.status === 'failed' ? failed.error : '', /^Slurm job [0-9]+ \(soce\.\S+\) ended FAILED \(NonZeroExitCode\): fake job: CUDA out of memory; log: \/\S+\.log$/);
  assert.equal(cancelled?.status, 'failed');
  assert.match(cancelled?.status === 'failed' ? cancelled.error : '', new RegExp(`^Slurm job ${running.id} \\(soce\\.\\S+\\) ended CANCELLED.*; log: /\\S+\\.${running.id}\\.log$`));
  assert.deepEqual(scored?.status === 'scored' ? scored.scores : scored, { x: 5, y: 0.5 });

  const ended = records(journal).filter((r) => r.type === 'ended');
  assert.deepEqual(ended.map((r) => r.state).sort(), ['CANCELLED', 'COMPLETED', 'FAILED']);
  for (const record of ended) assert.match(record.log ?? '', new RegExp(`\\.${record.id}\\.log$`));
  assert.equal(ended.find((r) => r.state === 'FAILED')?.reason, 'NonZeroExitCode');
  assert.equal(records(journal).filter((r) => r.type === 'submitted').length, 3, 'one job per point: a cancelled job is not resubmitted');
});

if (!('Deno' in globalThis)) {
  test('a job that exceeds its --time is a failed evaluation, TIMEOUT with reason TimeLimit (Node only: it takes over a minute)', async () => {
    const { journal, evaluation } = await timeLimited;
    await assert.rejects(evaluation, (error: Error) => {
      assert.equal(error.name, 'EvaluationError');
      assert.match(error.message, /^Slurm job [0-9]+ \(soce\.\S+\) ended TIMEOUT \(TimeLimit\): .*DUE TO TIME LIMIT.*; log: \/\S+\.log$/);
      return true;
    });
    assert.deepEqual(records(journal).filter((r) => r.type === 'ended').map((r) => [r.state, r.reason]), [['TIMEOUT', 'TimeLimit']]);
    assert.equal(records(journal).filter((r) => r.type === 'submitted').length, 1, 'a timed-out job is not resubmitted');
  });
}

test('a job PREEMPTED by the default partition\'s jobs is submitted again (evaluator.retries) and its point scored', async () => {
  const journal = memoryJournalStore();
  const events: SlurmJobEvent[] = [];
  // The test cluster's partition "spot" gives way to the default partition.
  const evaluation = executor('preempted', journal, ['--partition=spot'], events).evaluate({ split: 'dev', weights: { a: 0, b: 0, c: 1 } });
  evaluation.catch(() => undefined);
  // Preempted once its script runs (squeue says RUNNING a little before): the job notes it tried.
  const tried = async (): Promise<boolean> => {
    const job = events[0]?.job;
    if (job === undefined) return false;
    return (await runtime.fs.kind(`${root}/preempted/${job.name.split('.')[1]}/points/${job.name}.scores.json.tried`)) === 'file';
  };
  await until('the spot job to start its script', tried, evaluation);
  // Two one-CPU jobs of the default partition: with the spot job and at most one other job on the
  // node's two CPUs, at least one of them needs the spot job's CPU.
  const blockers: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const sbatch = await runtime.runner.run({ argv: ['sbatch', '--parsable', '--output=/dev/null', '--wrap', 'sleep 2'], timeoutMs: 20_000 });
    assert.equal(sbatch.exitCode, 0, sbatch.stderr);
    blockers.push(sbatch.stdout.trim());
  }
  assert.deepEqual(await evaluation, { x: 0, y: 0 });
  const lines = records(journal);
  assert.deepEqual(lines.filter((r) => r.type === 'ended').map((r) => r.state), ['PREEMPTED', 'COMPLETED']);
  assert.equal(lines.filter((r) => r.type === 'submitted').length, 2, 'submitted once more after the preemption');
  assert.ok(events.some((e) => e.state === 'PREEMPTED'));
});

test('interrupted: cancels the jobs in flight and says so; detached, leaves them queued', async () => {
  for (const detach of [false, true]) {
    const journal = memoryJournalStore();
    const events: SlurmJobEvent[] = [];
    const slurm = executor(`interrupt-${detach}`, journal, [], events);
    const evaluation = slurm.evaluate({ split: 'dev', weights: { a: 0, b: 1, c: 0 } });
    evaluation.catch(() => undefined);
    await until('the job to be submitted', () => events.some((e) => e.state === 'SUBMITTED'), evaluation);
    const job = events[0]!.job;
    const said = await slurm.interrupted({ detach });
    await assert.rejects(evaluation, /interrupted/);
    const squeue = await runtime.runner.run({ argv: ['squeue', '--noheader', '--states=PENDING,RUNNING', '--format=%i', '--jobs', job.id], timeoutMs: 20_000 });
    if (detach) {
      assert.equal(said, `left 1 Slurm job(s) of this run running (${job.id}): run the same command again to collect them`);
      assert.equal(squeue.stdout.trim(), job.id, 'a detached job stays queued');
      await runtime.runner.run({ argv: ['scancel', job.id], timeoutMs: 20_000 });
    } else {
      assert.equal(said, `cancelled 1 Slurm job(s) of this run with scancel (${job.id})`);
      assert.equal(squeue.stdout.trim(), '', `job ${job.id} left the queue`);
    }
  }
});
