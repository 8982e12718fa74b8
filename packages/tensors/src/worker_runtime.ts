/**
 * Threads, as an interface: the CPU backend runs its kernel in workers, and the package imports
 * nothing runtime-specific, so Node (`nodeWorkers` of `@soce/tensors/node`, on `worker_threads`) and
 * Deno (`denoWorkers` of `@soce/tensors/deno`, on Web Workers) implement this.
 * @module
 */

/**
 * What a worker runs: the source of a JavaScript function expression that takes `post` (sends a
 * message to the thread that started the worker) and returns the handler of the messages it
 * receives, e.g. `(post) => (message) => post(message * 2)`. It may use only what every
 * JavaScript runtime has (WebAssembly, typed arrays): no imports, no runtime globals.
 */
export type WorkerScript = string;

/** What a started worker reports back. */
export interface WorkerEvents {
  /** A message the worker posted. */
  message(message: unknown): void;
  /** The worker failed (an uncaught exception) or ended on its own; it will post nothing more. */
  failed(error: Error): void;
}

/** A running worker. */
export interface WorkerThread {
  /** Sends a message (structured clone: shared memory stays shared, WebAssembly modules are shared). */
  post(message: unknown): void;
  /**
   * Whether the worker may keep the process alive: on while it has work, off while idle, so a
   * process whose worker sits idle can still exit (where the runtime allows it; Node does).
   */
  keepAlive(on: boolean): void;
  /** Stops the worker; `failed` is not called for it. */
  terminate(): Promise<void>;
}

/** Starts workers: the runtime's threads. */
export interface WorkerRuntime {
  /** How many threads the machine can run at once. */
  availableParallelism(): number;
  /**
   * How many threads do the runtime's file I/O (Node: libuv's pool): the CPU backend's `threads`
   * default to the cores these leave (see thread_split.ts).
   */
  ioThreads(): number;
  /** Starts a worker running `script` (see {@link WorkerScript}). */
  start(script: WorkerScript, events: WorkerEvents): WorkerThread;
}
