import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SlurmError } from './slurm_error.ts';
import { jobExitCodePath, jobIdsInDir, jobLogPath, jobScriptPath, parseExitCode, parseLogNotice } from './slurm_job_files.ts';

test("a job's files are named after the job and, per submission, its id", () => {
  assert.equal(jobScriptPath('/shared/run/jobs', 'soce.r.p'), '/shared/run/jobs/soce.r.p.sbatch');
  assert.equal(jobLogPath('/shared/run/jobs/', 'soce.r.p', '42'), '/shared/run/jobs/soce.r.p.42.log');
  assert.equal(jobExitCodePath('/shared/run/jobs', 'soce.r.p', '42'), '/shared/run/jobs/soce.r.p.42.exit');
});

test('the submissions of a job are found among a directory listing, and only its own', () => {
  const entries = [
    'soce.r.p.sbatch',
    'soce.r.p.9.log',
    'soce.r.p.10.log',
    'soce.r.p.10.exit',
    'soce.r.p.10.exit.tmp',
    'soce.r.p.2.exit',
    'soce.r.p.x.log',
    'soce.r.p.longer.11.log',
    'soce.r.pp.12.log',
    'other.13.log',
  ];
  assert.deepEqual(jobIdsInDir(entries, 'soce.r.p'), ['2', '9', '10']);
  assert.deepEqual(jobIdsInDir(entries, 'soce.r.p.longer'), ['11']);
  assert.deepEqual(jobIdsInDir([], 'soce.r.p'), []);
});

test('an exit-code file holds one exit code', () => {
  assert.equal(parseExitCode('0\n', 'f'), 0);
  assert.equal(parseExitCode('137\n', 'f'), 137);
  for (const text of ['', '\n', 'ok', '1 2', '-1', '1000', '0x1']) {
    assert.throws(() => parseExitCode(text, '/jobs/a.1.exit'), (error: unknown) => error instanceof SlurmError && error.code === 'unexpected-output' && error.message.startsWith('/jobs/a.1.exit holds '), JSON.stringify(text));
  }
});

test("Slurm's notices in a log tell how it ended the job (the cancel and time-limit lines as Slurm 22.05 wrote them here)", () => {
  const timeout = 'slurmstepd-vm: error: *** JOB 3 ON vm CANCELLED AT 2026-11-30T05:29:02 DUE TO TIME LIMIT ***';
  const cancel = 'slurmstepd-vm: error: *** JOB 4 ON vm CANCELLED AT 2026-11-30T05:29:29 ***';
  assert.deepEqual(parseLogNotice(`Mon Nov 30 05:27:34 UTC 2026\n${timeout}\n`), { state: 'TIMEOUT', reason: timeout.slice(timeout.indexOf('***')) });
  assert.deepEqual(parseLogNotice(`step 1\n${cancel}\n`), { state: 'CANCELLED', reason: cancel.slice(cancel.indexOf('***')) });
  assert.equal(parseLogNotice('*** JOB 5 ON n1 CANCELLED AT 2025-01-01T00:00:00 DUE TO PREEMPTION ***')?.state, 'PREEMPTED');
  assert.equal(parseLogNotice('*** JOB 5 ON n1 CANCELLED AT 2025-01-01T00:00:00 DUE TO NODE FAILURE ***')?.state, 'NODE_FAIL');
  assert.equal(parseLogNotice('*** JOB 5 ON n1 CANCELLED AT 2025-01-01T00:00:00 DUE TO SOMETHING NEW ***')?.state, 'CANCELLED');
  const oom = 'slurmstepd: error: Detected 1 oom-kill event(s) in StepId=12.batch. Some of your processes may have been killed by the cgroup out-of-memory handler.';
  assert.deepEqual(parseLogNotice(oom), { state: 'OUT_OF_MEMORY', reason: 'Detected 1 oom-kill event(s) in StepId=12.batch' });
});

test('the last notice counts; a log without one (or a job that printed look-alikes) tells nothing', () => {
  assert.equal(parseLogNotice(`*** JOB 5 ON n CANCELLED AT t DUE TO PREEMPTION ***\nrequeued\n*** JOB 5 ON n CANCELLED AT t ***\n`)?.state, 'CANCELLED');
  for (const text of ['', 'Traceback (most recent call last):\nMemoryError\n', '*** JOB CANCELLED ***', 'JOB 5 ON n CANCELLED AT t']) assert.equal(parseLogNotice(text), undefined, text);
  fc.assert(fc.property(fc.string(), (text) => {
    const notice = parseLogNotice(text);
    assert.ok(notice === undefined || text.includes(notice.reason));
  }));
});

test('reading an exit code never throws anything but the unexpected-output SlurmError', () => {
  fc.assert(fc.property(fc.string(), (text) => {
    try {
      const code = parseExitCode(text, 'f');
      assert.ok(Number.isInteger(code) && code >= 0 && code <= 999);
    } catch (error) {
      assert.ok(error instanceof SlurmError && error.code === 'unexpected-output');
    }
  }));
});
