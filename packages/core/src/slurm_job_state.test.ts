import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isFinalState, JOB_STATES, jobStateOf } from './slurm_job_state.ts';

test("every state of squeue's JOB STATE CODES maps to soce's", () => {
  const expected: Record<string, string> = {
    BOOT_FAIL: 'NODE_FAIL',
    CANCELLED: 'CANCELLED',
    COMPLETED: 'COMPLETED',
    CONFIGURING: 'RUNNING',
    COMPLETING: 'RUNNING',
    DEADLINE: 'TIMEOUT',
    FAILED: 'FAILED',
    NODE_FAIL: 'NODE_FAIL',
    OUT_OF_MEMORY: 'OUT_OF_MEMORY',
    PENDING: 'PENDING',
    PREEMPTED: 'PREEMPTED',
    RUNNING: 'RUNNING',
    RESV_DEL_HOLD: 'PENDING',
    REQUEUE_FED: 'PENDING',
    REQUEUE_HOLD: 'PENDING',
    REQUEUED: 'PENDING',
    RESIZING: 'RUNNING',
    REVOKED: 'CANCELLED',
    SIGNALING: 'RUNNING',
    SPECIAL_EXIT: 'FAILED',
    STAGE_OUT: 'RUNNING',
    STOPPED: 'RUNNING',
    SUSPENDED: 'RUNNING',
    TIMEOUT: 'TIMEOUT',
  };
  for (const [slurm, soce] of Object.entries(expected)) assert.equal(jobStateOf(slurm), soce, slurm);
});

test("sacct's decorated states read as their first word", () => {
  assert.equal(jobStateOf('CANCELLED by 1000'), 'CANCELLED');
  assert.equal(jobStateOf('RUNNING+'), 'RUNNING');
  assert.equal(jobStateOf(' TIMEOUT '), 'TIMEOUT');
});

test('a state soce does not know is undefined, not a guess', () => {
  for (const state of ['', 'running', 'WARPED', '__proto__', 'constructor', 'toString', '42']) assert.equal(jobStateOf(state), undefined, state);
  fc.assert(fc.property(fc.string(), (state) => {
    const mapped = jobStateOf(state);
    assert.ok(mapped === undefined || JOB_STATES.includes(mapped));
  }));
});

test('only PENDING and RUNNING are not final', () => {
  assert.deepEqual(JOB_STATES.filter((state) => !isFinalState(state)), ['PENDING', 'RUNNING']);
});
