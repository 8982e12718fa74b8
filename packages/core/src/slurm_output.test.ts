import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SlurmError } from './slurm_error.ts';
import {
  parseSacctOutput,
  parseSbatchOutput,
  parseSqueueOutput,
  saysAccountingDisabled,
  saysControllerUnreachable,
  saysUnknownJobIds,
  SQUEUE_FORMAT,
} from './slurm_output.ts';

/** `squeue --noheader --states=all --format=<SQUEUE_FORMAT>` on Slurm 22.05 (Debian 12's slurm-wlm). */
const SQUEUE_22_05 = [
  '7\tCOMPLETED\tNone\tsoce-test-ok',
  '6\tFAILED\tJobLaunchFailure\tsoce.run.p',
  '9\tPENDING\tResources\tsoce-test-ok',
  '10\tPENDING\tJobHeldUser\tsoce-test-ok',
  '8\tRUNNING\tNone\tsoce-busy',
  '3\tTIMEOUT\tTimeLimit\tsoce-test-long',
  '',
].join('\n');

function isOutputError(error: unknown): boolean {
  return error instanceof SlurmError && error.code === 'unexpected-output' && error.kind === 'runtime';
}

test('sbatch --parsable: a job id, or a job id and its cluster', () => {
  assert.deepEqual(parseSbatchOutput('42\n'), { id: '42' });
  assert.deepEqual(parseSbatchOutput('42;gpu-cluster\n'), { id: '42', cluster: 'gpu-cluster' });
  // Site plugins may print a banner on stdout before the id.
  assert.deepEqual(parseSbatchOutput('Submitted to the default account\n1234567\n'), { id: '1234567' });
});

test('sbatch output without a job id is an error that quotes it', () => {
  for (const text of ['', '\n', 'Submitted batch job 42', '42;', '42;a;b', 'abc', '-1', '42 ;x']) {
    assert.throws(() => parseSbatchOutput(text), (error: unknown) => isOutputError(error) && (error as Error).message.startsWith('sbatch --parsable printed '), JSON.stringify(text));
  }
});

test('squeue: id, state, reason (None dropped) and name of every job', () => {
  assert.equal(SQUEUE_FORMAT, '%i\t%T\t%r\t%j');
  assert.deepEqual(parseSqueueOutput(SQUEUE_22_05), [
    { id: '7', name: 'soce-test-ok', slurmState: 'COMPLETED' },
    { id: '6', name: 'soce.run.p', slurmState: 'FAILED', reason: 'JobLaunchFailure' },
    { id: '9', name: 'soce-test-ok', slurmState: 'PENDING', reason: 'Resources' },
    { id: '10', name: 'soce-test-ok', slurmState: 'PENDING', reason: 'JobHeldUser' },
    { id: '8', name: 'soce-busy', slurmState: 'RUNNING' },
    { id: '3', name: 'soce-test-long', slurmState: 'TIMEOUT', reason: 'TimeLimit' },
  ]);
  assert.deepEqual(parseSqueueOutput(''), []);
});

test('squeue: reasons with blanks, names with tabs, cluster headers, array task ids', () => {
  const text = 'CLUSTER: gpu\n12_3\tPENDING\tReqNodeNotAvail, UnavailableNodes:n[1-2]\tmy\tjob\n';
  assert.deepEqual(parseSqueueOutput(text), [{ id: '12_3', name: 'my\tjob', slurmState: 'PENDING', reason: 'ReqNodeNotAvail, UnavailableNodes:n[1-2]' }]);
});

test('a squeue line in another format is an error that names it', () => {
  for (const text of ['JOBID PARTITION NAME', '7|COMPLETED|None|x', '7\tCOMPLETED\tNone', 'x\tRUNNING\tNone\tn', '7\tcompleted\tNone\tn']) {
    assert.throws(() => parseSqueueOutput(text), isOutputError, JSON.stringify(text));
  }
});

// Accounting is off on the test cluster, so these lines follow sacct(1)'s documented
// `--parsable2` format (the same fields and separators as a site with slurmdbd prints).
test('sacct: state word, exit code and signal, reason, name', () => {
  const text = [
    '12|COMPLETED|0:0|None|soce.run.a',
    '13|FAILED|1:0|None|soce.run.b',
    '14|TIMEOUT|0:0|TimeLimit|soce.run.c',
    '15|CANCELLED by 0|0:15|None|soce.run.d',
    '16|OUT_OF_MEMORY|0:125|None|soce.run.e',
    '17|PENDING||Priority|a|b',
    '',
  ].join('\n');
  assert.deepEqual(parseSacctOutput(text), [
    { id: '12', name: 'soce.run.a', slurmState: 'COMPLETED', exitCode: 0 },
    { id: '13', name: 'soce.run.b', slurmState: 'FAILED', exitCode: 1 },
    { id: '14', name: 'soce.run.c', slurmState: 'TIMEOUT', reason: 'TimeLimit', exitCode: 0 },
    { id: '15', name: 'soce.run.d', slurmState: 'CANCELLED', exitCode: 0, signal: 15 },
    { id: '16', name: 'soce.run.e', slurmState: 'OUT_OF_MEMORY', exitCode: 0, signal: 125 },
    { id: '17', name: 'a|b', slurmState: 'PENDING', reason: 'Priority' },
  ]);
});

test('a sacct line in another format is an error', () => {
  for (const text of ['JobID|State', '12|COMPLETED|zero|None|n', '12.batch|COMPLETED|0:0|None|batch', '12 COMPLETED 0:0 None n']) {
    assert.throws(() => parseSacctOutput(text), isOutputError, JSON.stringify(text));
  }
});

test("Slurm's messages are recognised: accounting off, unknown job ids, unreachable controller", () => {
  assert.ok(saysAccountingDisabled('Slurm accounting storage is disabled\n'));
  assert.ok(!saysAccountingDisabled('sacct: error: Problem talking to the database: Connection refused'));
  assert.ok(saysUnknownJobIds('slurm_load_jobs error: Invalid job id specified\n'));
  assert.ok(saysControllerUnreachable('sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)'));
  assert.ok(saysControllerUnreachable('slurm_load_jobs error: Socket timed out on send/recv operation'));
  assert.ok(!saysControllerUnreachable('sbatch: error: Batch job submission failed: Invalid partition name specified'));
});

test('every parser either reads its input or throws the unexpected-output SlurmError, whatever the bytes', () => {
  const lineOf = fc.array(fc.oneof(fc.string(), fc.constantFrom('\t', '|', ';', ':', '\n', 'RUNNING', 'None', '42', 'CLUSTER: ')), { maxLength: 12 }).map((parts) => parts.join(''));
  const parsers = [parseSbatchOutput, parseSqueueOutput, parseSacctOutput];
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), lineOf), fc.constantFrom(...parsers.keys()), (text, which) => {
      try {
        parsers[which]!(text);
      } catch (error) {
        assert.ok(isOutputError(error), `${String(error)} for ${JSON.stringify(text)}`);
      }
    }),
    { numRuns: 1000 },
  );
});

test('what squeue prints in its format reads back exactly', () => {
  const word = fc.string({ unit: fc.constantFrom(...'abcXYZ019_-.[]:, '), minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s !== 'None');
  const row = fc.record({ id: fc.nat().map(String), slurmState: fc.constantFrom('PENDING', 'RUNNING', 'TIMEOUT', 'OUT_OF_MEMORY'), reason: word, name: word });
  fc.assert(
    fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
      const text = rows.map((r) => `${r.id}\t${r.slurmState}\t${r.reason}\t${r.name}\n`).join('');
      assert.deepEqual(parseSqueueOutput(text), rows.map((r) => ({ id: r.id, name: r.name, slurmState: r.slurmState, reason: r.reason })));
    }),
  );
});
