import { test } from 'node:test';
import assert from 'node:assert/strict';
import { libuvPoolSize } from './worker_runtime.ts';

test('the I/O pool size is UV_THREADPOOL_SIZE read as libuv reads it, else 4', () => {
  assert.equal(libuvPoolSize(undefined), 4);
  assert.equal(libuvPoolSize('1'), 1);
  assert.equal(libuvPoolSize(' 16'), 16);
  assert.equal(libuvPoolSize('3 threads'), 3);
  assert.equal(libuvPoolSize('0'), 1);
  assert.equal(libuvPoolSize(''), 1);
  assert.equal(libuvPoolSize('many'), 1);
  assert.equal(libuvPoolSize('5000'), 1024);
  assert.equal(libuvPoolSize('-2'), 1024);
});
