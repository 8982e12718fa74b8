import { defaultIoThreads } from '../../thread_split.ts';
import type { WorkerEvents, WorkerRuntime, WorkerScript, WorkerThread } from '../../worker_runtime.ts';

/** The part of the Web Worker API used here, declared locally so the package needs no DOM library. */
interface WebWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
declare const Worker: new (url: string, options: { type: 'module' }) => WebWorker;
declare const Blob: new (parts: string[], options: { type: string }) => unknown;
declare const URL: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void };
declare const navigator: { hardwareConcurrency?: number } | undefined;

function start(script: WorkerScript, events: WorkerEvents): WorkerThread {
  const source = `const receive = (${script})((message) => self.postMessage(message));
self.onmessage = (event) => receive(event.data);`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module' });
  URL.revokeObjectURL(url);
  let stopped = false;
  const fail = (error: Error): void => {
    if (stopped) return;
    stopped = true;
    events.failed(error);
  };
  worker.onmessage = (event) => events.message(event.data);
  worker.onerror = (event) => {
    // Handled here: unprevented, a worker's error would also end the whole process.
    event.preventDefault();
    fail(new Error(event.message));
  };
  worker.onmessageerror = () => fail(new Error('a message from the worker could not be read'));
  return {
    post: (message) => worker.postMessage(message),
    // A Deno worker keeps the process alive until terminated, whatever it is doing.
    keepAlive: () => undefined,
    terminate: () => {
      stopped = true;
      worker.terminate();
      return Promise.resolve();
    },
  };
}

const cores = (): number => navigator?.hardwareConcurrency ?? 1;

/**
 * The {@link WorkerRuntime} of Deno: Web Workers. A Deno worker keeps the process alive until it is
 * terminated, so close the backend that started it. Deno's file I/O runs on a pool that grows on
 * demand, so the CPU backend leaves I/O the share soce gives it anyway ({@link defaultIoThreads}).
 */
export const denoWorkers: WorkerRuntime = {
  availableParallelism: cores,
  ioThreads: () => defaultIoThreads(cores()),
  start,
};
