import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import process from 'node:process';
import type { WorkerEvents, WorkerRuntime, WorkerScript, WorkerThread } from '../../worker_runtime.ts';

/** libuv's largest thread pool. */
const MAX_POOL = 1024;

/**
 * The size of libuv's thread pool, which does Node's file I/O: `UV_THREADPOOL_SIZE` read as libuv
 * reads it (C's atoi; 0 means 1, at most 1024), else libuv's 4. The soce command sets it before
 * Node starts the pool (bin/soce.cjs: to `defaultIoThreads` of the cores, unless set).
 */
export function libuvPoolSize(value: string | undefined = process.env['UV_THREADPOOL_SIZE']): number {
  if (value === undefined) return 4;
  const n = Number.parseInt(value, 10);
  if (Number.isNaN(n) || n === 0) return 1;
  // libuv keeps the count unsigned: a negative one wraps round to the largest.
  return n < 0 ? MAX_POOL : Math.min(n, MAX_POOL);
}

function start(script: WorkerScript, events: WorkerEvents): WorkerThread {
  // An eval'd worker is a CommonJS script: no file to resolve, whether soce runs from sources or dist.
  const source = `const { parentPort } = require('node:worker_threads');
const receive = (${script})((message) => parentPort.postMessage(message));
parentPort.on('message', receive);`;
  const worker = new Worker(source, { eval: true });
  let stopping = false;
  let failed = false;
  const fail = (error: Error): void => {
    if (stopping || failed) return;
    failed = true;
    events.failed(error);
  };
  worker.on('message', (message: unknown) => events.message(message));
  worker.on('error', fail);
  worker.on('messageerror', fail);
  worker.on('exit', (code) => fail(new Error(`the worker thread exited (code ${code})`)));
  worker.unref();
  return {
    post: (message) => worker.postMessage(message),
    keepAlive: (on) => (on ? worker.ref() : worker.unref()),
    terminate: async () => {
      stopping = true;
      await worker.terminate();
    },
  };
}

/**
 * The {@link WorkerRuntime} of Node: `worker_threads`, idle workers unref'd so they never hold the
 * process open; its I/O threads are libuv's pool ({@link libuvPoolSize}).
 */
export const nodeWorkers: WorkerRuntime = {
  availableParallelism: () => availableParallelism(),
  ioThreads: () => libuvPoolSize(),
  start,
};
