import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultComputeThreads, defaultIoThreads } from './thread_split.ts';

test('I/O gets half the cores, 1 to 4, and the arithmetic the rest, at least 1 thread', () => {
  const split = (cores: number) => {
    const io = defaultIoThreads(cores);
    return [io, defaultComputeThreads(cores, io)];
  };
  assert.deepEqual(split(1), [1, 1]);
  assert.deepEqual(split(2), [1, 1]);
  assert.deepEqual(split(3), [1, 2]);
  assert.deepEqual(split(4), [2, 2]);
  assert.deepEqual(split(8), [4, 4]);
  assert.deepEqual(split(32), [4, 28]);
  // Node's default pool of 4 on 2 cores leaves the arithmetic one thread.
  assert.equal(defaultComputeThreads(2, 4), 1);
});

test('the split never asks for more threads than the cores (one each on a single core) and never for none', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 4096 }), (cores) => {
    const io = defaultIoThreads(cores);
    const compute = defaultComputeThreads(cores, io);
    assert.ok(io >= 1 && io <= 4 && compute >= 1);
    assert.ok(io + compute <= Math.max(cores, 2));
  }));
});
