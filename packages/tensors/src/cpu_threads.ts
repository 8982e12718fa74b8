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

/** Worker threads that run kernel calls on {@link KernelMemory}. */
export interface KernelThreads {
  /** How many calls can run at once. */
  readonly count: number;
  /** Makes `memory` usable by every thread. */
  attach(memory: KernelMemory): void;
  /** Forgets `memory` (no call on it may be running). */
  detach(memory: KernelMemory): void;
  /** Runs `calls[k]` on thread `k` (at most `count` calls); settles once every call has. */
  run(memory: KernelMemory, calls: readonly KernelCall[]): Promise<void>;
  /** Stops the threads; calls still running reject. */
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
  let nextId = 0;
  /** Set once a worker failed or the pool was closed: every later call rejects with it. */
  let broken: CpuWorkerError | undefined;

  const keepAlive = (on: boolean): void => {
    for (const worker of workers ?? []) worker.keepAlive(on);
  };
  const rejectAll = (error: CpuWorkerError): void => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
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
      if (calls.length > count) throw new RangeError(`${calls.length} kernel calls for ${count} threads`);
      if (!attached.has(memory)) throw new RangeError('run on a memory that was not attached');
      if (calls.length === 0) return;
      const pool = started();
      if (pending.size === 0) keepAlive(true);
      const settled = await Promise.allSettled(calls.map((call, k) => new Promise<void>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        pool[k]!.post({ type: 'run', id, memory: memory.id, ...call });
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
