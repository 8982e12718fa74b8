// The Slurm client against a real cluster: the one-node cluster that tools/slurm/start-cluster.sh
// starts (CI runs it through tools/setup.sh). Without it these tests fail, naming the script.
// The jobs run concurrently. A job over its --time (TIMEOUT, TimeLimit, Slurm's line in the log)
// is tested once, through the executor (slurm_executor.test.ts, Node only): Slurm's limits are whole
// minutes, checked every 30 s, so such a job costs 60-90 s.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, writeTextFile } from '@soce/tensors';
import { batchScript, type BatchJobSpec } from './slurm_batch_script.ts';
import { SlurmClient, type SlurmJob, type SlurmJobStatus } from './slurm_client.ts';
import { SlurmError } from './slurm_error.ts';
import { jobExitCodePath } from './slurm_job_files.ts';
import { slurmJobName } from './slurm_job_name.ts';
import { isFinalState, type JobState } from './slurm_job_state.ts';
import { currentRuntime, type TestRuntime } from '../test-fixtures/current_runtime.ts';

const SETUP_HINT = 'start the test cluster as root with `bash tools/slurm/start-cluster.sh`';

let runtime: TestRuntime;
let root: string;
let client: SlurmClient;
/** Rejects, with what to do, when no Slurm cluster answers; every test awaits it. */
let cluster: Promise<void>;
/** Each test's run name, so that the concurrent tests (and earlier runs) never share a job name. */
const run = `t${Date.now().toString(36)}`;
const submitted: SlurmJob[] = [];

/**
 * A test whose body starts, with every other one, as soon as the cluster is set up, so that their
 * jobs run side by side even where tests themselves run one after another; the test awaits it.
 */
const starters: (() => Promise<void>)[] = [];
function clusterTest(name: string, body: () => Promise<void>): void {
  let running: Promise<void> | undefined;
  const start = (): Promise<void> => (running ??= body());
  starters.push(start);
  test(name, start);
}

before(async () => {
  runtime = await currentRuntime('soce-slurm-');
  root = await runtime.tempDir();
  client = new SlurmClient({ runner: runtime.runner, fs: runtime.fs, jobDir: `${root}/jobs` });
  cluster = (async () => {
    const sinfo = await runtime.runner.run({ argv: ['sinfo', '--noheader', '--format=%T'], timeoutMs: 20_000 });
    if (sinfo.spawnError !== undefined) throw new Error(`Slurm is not installed here (sinfo: ${sinfo.spawnError}); ${SETUP_HINT}`);
    const states = sinfo.stdout.trim().split('\n');
    if (sinfo.exitCode !== 0 || !states.some((s) => /^(idle|mixed|allocated|completing)/.test(s))) {
      throw new Error(`no Slurm node is up (sinfo exit ${sinfo.exitCode}: ${(sinfo.stdout + sinfo.stderr).trim() || 'no output'}); ${SETUP_HINT}`);
    }
  })();
  cluster.catch(() => {});
  // Failures are reported by each test when it awaits its body.
  for (const start of starters) start().catch(() => {});
});

after(async () => {
  // Nothing a failed test submitted may keep running.
  if (submitted.length > 0) await client.cancel(submitted).catch(() => {});
  await runtime.fs.remove(root);
});

function spec(point: string, commands: string[][], sbatch: string[] = []): BatchJobSpec {
  return { name: slurmJobName({ run, point }), sbatch, commands };
}

async function submit(job: BatchJobSpec): Promise<SlurmJob> {
  await cluster;
  const submittedJob = await client.submit(job);
  submitted.push(submittedJob);
  assert.match(submittedJob.id, /^[0-9]+$/);
  assert.equal(submittedJob.name, job.name);
  return submittedJob;
}

/** Polls the job's status every 250 ms until `until` holds; fails with what was last seen. */
async function waitFor(job: SlurmJob, until: (status: SlurmJobStatus) => boolean, seconds: number): Promise<{ status: SlurmJobStatus; seen: JobState[] }> {
  const seen: JobState[] = [];
  const deadline = Date.now() + seconds * 1000;
  let last: SlurmJobStatus | undefined;
  while (Date.now() < deadline) {
    last = (await client.status([job])).get(job.id);
    if (last !== undefined && seen.at(-1) !== last.state) seen.push(last.state);
    if (last !== undefined && until(last)) return { status: last, seen };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`job ${job.id} (${job.name}) not there after ${seconds} s; states seen: ${seen.join(' → ') || 'none'}; last: ${JSON.stringify(last)}`);
}

const finished = (status: SlurmJobStatus): boolean => isFinalState(status.state);

async function logOf(status: SlurmJobStatus): Promise<string> {
  return runtime.fs.readText(status.log);
}

clusterTest('a job that succeeds is COMPLETED with exit code 0, its output in its log, and ran inside Slurm', async () => {
  const job = await submit(spec('ok', [['bash', '-c', 'echo "job $SLURM_JOB_ID named $SLURM_JOB_NAME"']]));
  const { status } = await waitFor(job, finished, 60);
  assert.deepEqual(
    { state: status.state, slurmState: status.slurmState, exitCode: status.exitCode, source: status.source, reason: status.reason },
    { state: 'COMPLETED', slurmState: 'COMPLETED', exitCode: 0, source: 'squeue', reason: undefined },
  );
  assert.equal(await logOf(status), `job ${job.id} named ${job.name}\n`);
  assert.equal(await runtime.fs.readText(jobExitCodePath(client.jobDir, job.name, job.id)), '0\n');
});

clusterTest('a job whose command exits 1 is FAILED with NonZeroExitCode and exit code 1; later commands do not run', async () => {
  const job = await submit(spec('exit1', [['bash', '-c', 'echo "no GPU left" >&2; exit 1'], ['bash', '-c', 'echo never']]));
  const { status } = await waitFor(job, finished, 60);
  assert.deepEqual({ state: status.state, reason: status.reason, exitCode: status.exitCode }, { state: 'FAILED', reason: 'NonZeroExitCode', exitCode: 1 });
  assert.equal(await logOf(status), 'no GPU left\n');
});

clusterTest('a running job cancelled from outside with scancel is CANCELLED', async () => {
  const job = await submit(spec('scancel', [['sleep', '600']]));
  await waitFor(job, (s) => s.state === 'RUNNING', 60);
  const scancel = await runtime.runner.run({ argv: ['scancel', job.id], timeoutMs: 20_000 });
  assert.equal(scancel.exitCode, 0, scancel.stderr);
  const { status } = await waitFor(job, finished, 30);
  assert.deepEqual({ state: status.state, slurmState: status.slurmState, exitCode: status.exitCode }, { state: 'CANCELLED', slurmState: 'CANCELLED', exitCode: undefined });
  assert.match(await logOf(status), new RegExp(`\\*\\*\\* JOB ${job.id} ON \\S+ CANCELLED AT \\S+ \\*\\*\\*`));
});

clusterTest('find by name lists every submission of a job, oldest first, and cancel ends them, pending or running', async () => {
  const job = spec('find', [['sleep', '600']]);
  const first = await submit(job);
  const second = await submit(job);
  const found = await client.find(job.name);
  assert.deepEqual(found.map((s) => s.job.id), [first.id, second.id]);
  for (const status of found) assert.ok(status.state === 'PENDING' || status.state === 'RUNNING', `${status.job.id} is ${status.state}`);
  assert.deepEqual(await client.find(slurmJobName({ run, point: 'never-submitted' })), []);

  await client.cancel([first, second]);
  for (const one of [first, second]) {
    const { status } = await waitFor(one, finished, 30);
    assert.equal(status.state, 'CANCELLED');
  }
  await client.cancel([first, second]); // Cancelling jobs that ended is not an error.
  assert.deepEqual((await client.find(job.name)).map((s) => s.state), ['CANCELLED', 'CANCELLED']);
});

clusterTest('the cluster keeps no accounting, and jobs Slurm no longer knows are read from their files', async () => {
  await cluster;
  assert.equal(await client.accounting(), false);
  // A job's script run by bash as job 99999999 (beyond Slurm's largest id, so squeue never knew it):
  // its exit-code file alone tells that it failed with 4.
  const failed = spec('forgotten', [['bash', '-c', 'exit 4']]);
  await runtime.fs.mkdir(client.jobDir);
  const script = `${client.jobDir}/by-hand.sh`;
  await writeTextFile(runtime.fs, script, batchScript(failed, client.jobDir));
  const bash = await runtime.runner.run({ argv: ['env', 'SLURM_JOB_ID=99999999', 'bash', script], timeoutMs: 20_000 });
  assert.equal(bash.exitCode, 4);
  const gone: SlurmJob = { id: '99999999', name: failed.name };
  const status = (await client.status([gone])).get(gone.id);
  assert.deepEqual(status && { state: status.state, exitCode: status.exitCode, source: status.source }, { state: 'FAILED', exitCode: 4, source: 'exit-code file' });
  assert.deepEqual((await client.find(failed.name)).map((s) => [s.job.id, s.state]), [['99999999', 'FAILED']]);
  // Nothing at all is known of a job with neither files nor a Slurm record.
  assert.equal((await client.status([{ id: '99999998', name: failed.name }])).size, 0);
});

clusterTest("a job Slurm killed and then forgot is read from Slurm's notice in its log", async () => {
  const job = await submit(spec('notice', [['sleep', '600']]));
  await waitFor(job, (s) => s.state === 'RUNNING', 60);
  await client.cancel([job]);
  const { status } = await waitFor(job, finished, 30);
  // Give the log of this real cancelled job to a job id Slurm never had.
  const forgotten: SlurmJob = { id: '99999997', name: job.name };
  for (let i = 0; i < 40 && !(await logOf(status)).includes('CANCELLED AT'); i += 1) await new Promise((r) => setTimeout(r, 250));
  await copyFile(runtime.fs, status.log, status.log.replace(`.${job.id}.log`, `.${forgotten.id}.log`));
  const fromLog = (await client.status([forgotten])).get(forgotten.id);
  assert.equal(fromLog?.state, 'CANCELLED');
  assert.equal(fromLog?.source, 'log');
  assert.match(fromLog?.reason ?? '', new RegExp(`^\\*\\*\\* JOB ${job.id} ON \\S+ CANCELLED AT \\S+ \\*\\*\\*$`));
});

clusterTest('sbatch --test-only accepts a good job and refuses, as an input error in sbatch words, one that could never run', async () => {
  await cluster;
  await client.check(spec('check', [['true']], ['--time=5', '--cpus-per-task=1']));
  const rejected = async (sbatch: string[], words: RegExp, how: (job: BatchJobSpec) => Promise<unknown>) => {
    await assert.rejects(how(spec('rejected', [['true']], sbatch)), (error: unknown) => {
      assert.ok(error instanceof SlurmError, String(error));
      assert.equal(error.code, 'submission-rejected');
      assert.equal(error.kind, 'input');
      assert.match(error.message, /^sbatch refused job soce\.\S+\.rejected: /);
      assert.match(error.message, words);
      return true;
    });
  };
  // sbatch itself accepts these two, and the job would wait (or fail) in the queue: --test-only does not.
  await rejected(['--cpus-per-task=64'], /requested node configuration is not available/i, (job) => client.check(job));
  await rejected(['--mem=100000000'], /requested node configuration is not available/i, (job) => client.check(job));
  await rejected(['--partition=no-such-partition'], /invalid partition/i, (job) => client.check(job));
  await rejected(['--partition=no-such-partition'], /invalid partition/i, (job) => client.submit(job));
  await rejected(['--gres=gpu:1'], /invalid generic resource/i, (job) => client.submit(job));
  assert.deepEqual(await client.find(slurmJobName({ run, point: 'rejected' })), [], 'a rejected job is not in the queue');
});

clusterTest("a job that cannot start is PENDING with Slurm's reason", async () => {
  const job = await submit(spec('too-big', [['true']], ['--cpus-per-task=64']));
  const { status } = await waitFor(job, (s) => s.reason !== undefined, 30);
  assert.deepEqual({ state: status.state, reason: status.reason }, { state: 'PENDING', reason: 'PartitionConfig' });
  await client.cancel([job]);
  assert.equal((await waitFor(job, finished, 30)).status.state, 'CANCELLED');
});
