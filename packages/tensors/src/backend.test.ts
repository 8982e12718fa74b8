import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMergeJob, type MergeJob } from './backend.ts';
import { createCpuBackend } from './cpu_backend.ts';

test('checkMergeJob counts the elements of a good job', () => {
  assert.equal(checkMergeJob({ inputs: [new Uint8Array(8), new Uint8Array(8)], weights: [0.5, 0.5], dtype: 'BF16', outDtype: 'F32' }), 4);
});

test('a backend refuses bad jobs through checkMergeJob, with its words', async () => {
  const backend = createCpuBackend();
  const jobs = [
    { inputs: [], weights: [], dtype: 'F32', outDtype: 'F32' },
    { inputs: [new Uint8Array(4)], weights: [Number.NaN], dtype: 'F32', outDtype: 'F32' },
    { inputs: [new Uint8Array(4), new Uint8Array(8)], weights: [0.5, 0.5], dtype: 'F32', outDtype: 'F32' },
  ] satisfies MergeJob[];
  for (const job of jobs) {
    const expected = (() => {
      try {
        checkMergeJob(job);
      } catch (error) {
        return (error as Error).message;
      }
      return undefined;
    })();
    assert.ok(expected !== undefined);
    await assert.rejects(backend.merge(job), { name: 'RangeError', message: expected });
  }
});
