import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerEvents, WorkerRuntime, WorkerScript, WorkerThread } from '../../worker_runtime.ts';

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

/** The {@link WorkerRuntime} of Node: `worker_threads`, idle workers unref'd so they never hold the process open. */
export const nodeWorkers: WorkerRuntime = {
  availableParallelism: () => availableParallelism(),
  start,
};
