/**
 * The CPU backend's worker threads, sharing the kernel's memory with the calling thread (which
 * instantiates the kernel too: {@link localKernel}). A pool starts its workers on first use, keeps them only as long as
 * they have work (where the runtime allows: see {@link WorkerThread.keepAlive}), and turns any
 * failure of a worker — a trap in the kernel, an uncaught error, a thread that ended — into a
 * {@link CpuWorkerError} for every call in flight and every call after, never into a wait.
 * @module
 */
import { instantiateKernel, kernelModule, type Kernel, type KernelCall, type KernelMemory } from './cpu_kernel.ts';
import { CpuWorkerError } from './cpu_worker_error.ts';
import { CPU_WORKER_SCRIPT } from './cpu_worker_script.ts';
import type { WorkerRuntime, WorkerThread } from './worker_runtime.ts';

/** A kernel call for one worker. */
export interface WorkerCall {
  /** The worker's index, from 0. */
  readonly worker: number;
  readonly call: KernelCall;
}

/** Worker threads that run kernel calls on {@link KernelMemory}, one call at a time each. */
export interface KernelThreads {
  /** How many workers there are. */
  readonly count: number;
  /** The workers running no call now. */
  idle(): number[];
  /** Makes `memory` usable by every worker. */
  attach(memory: KernelMemory): void;
  /** Forgets `memory` (no call on it may be running). */
  detach(memory: KernelMemory): void;
  /**
   * Runs each call on its worker, which must be idle; settles once every call has. Rejects at once,
   * even with no call, when a worker has failed or the pool is closed.
   */
  run(memory: KernelMemory, calls: readonly WorkerCall[]): Promise<void>;
  /** Stops the workers; calls still running reject. */
  close(): Promise<void>;
}

const instances = new WeakMap<KernelMemory, Kernel>();

/** The kernel instantiated on `memory` for the calling thread (once per memory). */
export function localKernel(memory: KernelMemory): Kernel {
  let kernel = instances.get(memory);
  if (kernel === undefined) {
    kernel = instantiateKernel(memory.memory);
    instances.set(memory, kernel);
  }
  return kernel;
}

interface Pending {
  readonly worker: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** The answer of a worker to a `run` message. */
interface Answer {
  readonly id: number;
  readonly error?: string;
}

/** Kernel calls on `count` workers started through `runtime`. */
export function workerThreads(runtime: WorkerRuntime, count: number): KernelThreads {
  let workers: WorkerThread[] | undefined;
  const attached = new Set<KernelMemory>();
  const pending = new Map<number, Pending>();
  /** The workers with a call pending. */
  const busy = new Set<number>();
  let nextId = 0;
  /** Set once a worker failed or the pool was closed: every later call rejects with it. */
  let broken: CpuWorkerError | undefined;

  const keepAlive = (on: boolean): void => {
    for (const worker of workers ?? []) worker.keepAlive(on);
  };
  const rejectAll = (error: CpuWorkerError): void => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    busy.clear();
  };
  const fail = (error: CpuWorkerError): void => {
    if (broken !== undefined) return;
    broken = error;
    rejectAll(error);
    // The other workers are of no further use; ending them lets the process exit.
    for (const worker of workers ?? []) void worker.terminate().catch(() => undefined);
  };
  const answer = (message: unknown): void => {
    const { id, error } = message as Answer;
    const waiting = pending.get(id);
    if (waiting === undefined) return;
    pending.delete(id);
    busy.delete(waiting.worker);
    if (pending.size === 0) keepAlive(false);
    if (error === undefined) waiting.resolve();
    else waiting.reject(new CpuWorkerError(`the CPU kernel failed in a worker thread: ${error}`));
  };
  const started = (): WorkerThread[] => {
    if (workers !== undefined) return workers;
    const module = kernelModule();
    workers = Array.from({ length: count }, (_, k) => {
      const worker = runtime.start(CPU_WORKER_SCRIPT, {
        message: answer,
        failed: (error) => fail(new CpuWorkerError(`CPU worker thread ${k + 1} of ${count} failed: ${error.message}`, { cause: error })),
      });
      worker.post({ type: 'module', module });
      return worker;
    });
    for (const memory of attached) for (const worker of workers) worker.post({ type: 'attach', memory: memory.id, shared: memory.memory });
    return workers;
  };

  return {
    count,
    idle: () => Array.from({ length: count }, (_, k) => k).filter((k) => !busy.has(k)),
    attach(memory) {
      attached.add(memory);
      if (broken === undefined) for (const worker of started()) worker.post({ type: 'attach', memory: memory.id, shared: memory.memory });
    },
    detach(memory) {
      if (!attached.delete(memory) || broken !== undefined || workers === undefined) return;
      for (const worker of workers) worker.post({ type: 'detach', memory: memory.id });
    },
    async run(memory, calls) {
      if (broken !== undefined) throw broken;
      if (calls.length === 0) return;
      if (!attached.has(memory)) throw new RangeError('run on a memory that was not attached');
      for (const { worker } of calls) if (worker >= count || busy.has(worker)) throw new RangeError(`worker ${worker} is busy or does not exist`);
      const pool = started();
      if (pending.size === 0) keepAlive(true);
      const settled = await Promise.allSettled(calls.map(({ worker, call }) => new Promise<void>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { worker, resolve, reject });
        busy.add(worker);
        pool[worker]!.post({ type: 'run', id, memory: memory.id, ...call });
      })));
      // Every call has settled before this returns, so no thread still writes to the caller's buffers.
      const failure = settled.find((result) => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
    },
    async close() {
      if (broken === undefined) {
        broken = new CpuWorkerError('the CPU backend was closed');
        rejectAll(broken);
      }
      const stopping = workers ?? [];
      workers = [];
      await Promise.allSettled(stopping.map((worker) => worker.terminate()));
    },
  };
}
