/**
 * The merge arithmetic on the CPU, in WebAssembly SIMD (see scripts/cpu_kernel_wat.mjs), on every
 * core it is given, all on one shared memory, so a chunk is never copied from one thread to another.
 * A job is cut into one part for the calling thread and one for each idle worker, in multiples of 16
 * elements; the calling thread computes its part (and the last few elements) while the workers
 * compute theirs. Jobs may overlap: a job that arrives while every worker is busy with an earlier one
 * runs on the calling thread alone, so a pipeline that keeps `parallelism` jobs in flight keeps every
 * thread busy without waiting for one chunk's parts to join before the next starts, and a single
 * thread costs no handoff at all. Inputs read into {@link MergeBackend.lendBuffers} are merged where
 * they lie, into an output there; others are staged through the backend's memory in pieces.
 *
 * Every element is computed exactly as the {@link MergeBackend} specification says (`acc = w_0·x_0`,
 * then `acc = acc + w_j·x_j`, IEEE f32 operations only, no fused multiply-add, no flush to zero, one
 * rounding), whichever thread computes it, so results are bit-identical for any number of threads.
 * @module
 */
import { checkMergeJob, type LentBuffers, type MergeBackend, type MergeJob } from './backend.ts';
import { KERNEL_STEP, KernelMemory, kernelName, type KernelName } from './cpu_kernel.ts';
import { localKernel, workerThreads, type KernelThreads, type WorkerCall } from './cpu_threads.ts';
import { CpuWorkerError } from './cpu_worker_error.ts';
import { floatDtypeBytes } from './dtype.ts';
import { defaultComputeThreads } from './thread_split.ts';
import type { WorkerRuntime } from './worker_runtime.ts';

/** How the CPU backend runs. */
export interface CpuBackendOptions {
  /**
   * Starts its worker threads: `nodeWorkers` of `@soce/tensors/node` or `denoWorkers` of
   * `@soce/tensors/deno`. Without it the arithmetic runs on the calling thread.
   */
  readonly workers?: WorkerRuntime | undefined;
  /**
   * Threads doing arithmetic, the calling thread included: `threads - 1` workers are started
   * (default with `workers`: the cores the runtime's I/O threads leave, at least 1, see
   * thread_split.ts; without, 1).
   */
  readonly threads?: number | undefined;
}

/** The fewest elements worth a thread of their own: smaller jobs use fewer threads. */
const MIN_PART = 32768;
/** Elements per thread of one staged piece. */
const STAGE_PER_THREAD = 65536;
/** Table entries of lent memory, at least: a job may merge several views of one buffer. */
const MIN_TABLE_INPUTS = 64;

/** The thread count asked for, checked: a positive integer, and more than one only with workers. */
function threadCount(options: CpuBackendOptions): number {
  const { workers } = options;
  const threads = options.threads ?? (workers === undefined ? 1 : defaultComputeThreads(workers.availableParallelism(), workers.ioThreads()));
  if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, not ${threads}`);
  if (threads > 1 && workers === undefined) {
    throw new RangeError(`${threads} threads need a way to start them: pass workers (nodeWorkers from @soce/tensors/node, denoWorkers from @soce/tensors/deno)`);
  }
  return threads;
}

const overlaps = (a: Uint8Array, b: Uint8Array): boolean =>
  a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.length && b.byteOffset < a.byteOffset + a.length;

/**
 * A {@link MergeBackend} on the CPU: on `threads` threads (by default, with `workers`, the cores
 * the runtime's I/O threads leave), the calling thread and `threads - 1` workers; without
 * `workers`, on the calling thread alone. Needs WebAssembly SIMD and shared memory (Node 16.4+,
 * Deno). Close it when done: a Deno worker keeps the process alive until then.
 */
export function createCpuBackend(options: CpuBackendOptions = {}): MergeBackend {
  const count = threadCount(options);
  const workers: KernelThreads | undefined = options.workers !== undefined && count > 1 ? workerThreads(options.workers, count - 1) : undefined;
  const lent = new Set<KernelMemory>();
  let staging: KernelMemory | undefined;
  // Staged jobs share the staging memory: they run one at a time.
  let staged: Promise<unknown> = Promise.resolve();
  const running = new Set<Promise<unknown>>();
  let closed = false;

  const newMemory = (maxInputs: number, sizes: readonly number[]): KernelMemory => {
    // One table per thread; the calling thread's (0) serves its part, then the tail.
    const memory = new KernelMemory(count, maxInputs, sizes);
    workers?.attach(memory);
    return memory;
  };

  /**
   * `elements` elements from the inputs at `sources` into `dst`, all in `memory`: the calling
   * thread's part (and the tail) now, and the workers' parts, returned as a promise when there are
   * any. Synchronous on one thread: a chunk's step is then one call, with no promise to settle.
   */
  const compute = (memory: KernelMemory, job: MergeJob, sources: readonly number[], dst: number, elements: number): Promise<void> | undefined => {
    const name = kernelName(job.dtype, job.outDtype, sources.length);
    const inBytes = floatDtypeBytes(job.dtype);
    const outBytes = floatDtypeBytes(job.outDtype);
    const bulk = elements - (elements % KERNEL_STEP);
    // Table 0 is the calling thread's, table w + 1 worker w's: a worker runs one call at a time, and
    // the calling thread's part and tail run to the end before anything else can use its table.
    const idle = workers?.idle() ?? [];
    const parts = Math.max(1, Math.min(1 + idle.length, Math.ceil(bulk / MIN_PART)));
    const per = Math.ceil(bulk / parts / KERNEL_STEP) * KERNEL_STEP;
    const others: WorkerCall[] = [];
    for (let start = per, k = 1; start < bulk; start += per, k++) {
      const table = memory.tableAt(idle[k - 1]! + 1);
      memory.writeTable(table, sources.map((at) => at + start * inBytes), job.weights);
      others.push({ worker: idle[k - 1]!, call: { name, table, inputs: sources.length, dst: dst + start * outBytes, n: Math.min(per, bulk - start) } });
    }
    // The workers' parts go first, so they run while this thread computes part 0.
    const elsewhere = others.length > 0 ? workers!.run(memory, others) : undefined;
    try {
      computeHere(memory, name, job, sources, dst, Math.min(per, bulk), elements);
    } catch (error) {
      // Settled first, so no thread writes into the output after this rejects.
      return (elsewhere ?? Promise.resolve()).then(() => Promise.reject(error), () => Promise.reject(error));
    }
    return elsewhere;
  };

  /** The calling thread's part: elements `0..own` through the kernel, then `bulk..elements` through the tail area. */
  const computeHere = (memory: KernelMemory, name: KernelName, job: MergeJob, sources: readonly number[], dst: number, own: number, elements: number): void => {
    const kernel = localKernel(memory);
    const table = memory.tableAt(0);
    if (own > 0) {
      memory.writeTable(table, sources, job.weights);
      kernel[name](table, sources.length, dst, own);
    }
    const bulk = elements - (elements % KERNEL_STEP);
    if (bulk === elements) return;
    // The tail goes through the tail area: the kernel works 16 elements at a time, and past the
    // caller's buffers may lie someone else's data.
    const inBytes = floatDtypeBytes(job.dtype);
    const outBytes = floatDtypeBytes(job.outDtype);
    const rest = elements - bulk;
    const bytes = new Uint8Array(memory.memory.buffer);
    const tailSources = sources.map((at, j) => {
      bytes.copyWithin(memory.tailAt(j), at + bulk * inBytes, at + elements * inBytes);
      return memory.tailAt(j);
    });
    memory.writeTable(table, tailSources, job.weights);
    const tailOut = memory.tailAt(memory.maxInputs);
    kernel[name](table, sources.length, tailOut, rest);
    bytes.copyWithin(dst + bulk * outBytes, tailOut, tailOut + rest * outBytes);
  };

  /** The lent memory holding the job's inputs and output, when the job can run there as it is. */
  const directMemory = (job: MergeJob, output: Uint8Array): KernelMemory | undefined => {
    if (job.inputs.some((input) => overlaps(input, output))) return undefined;
    for (const memory of lent) {
      if (job.inputs.length > memory.maxInputs) continue;
      if ([...job.inputs, output].every((view) => memory.addressOf(view) !== undefined)) return memory;
    }
    return undefined;
  };

  /** The job through the staging memory, piece by piece. */
  const throughStaging = async (job: MergeJob, output: Uint8Array, elements: number): Promise<void> => {
    const n = job.inputs.length;
    const piece = STAGE_PER_THREAD * count;
    if (staging === undefined || staging.maxInputs < n) {
      if (staging !== undefined) workers?.detach(staging);
      staging = undefined;
      staging = newMemory(n, Array.from({ length: n + 1 }, () => piece * 4));
    }
    const memory = staging;
    const inBytes = floatDtypeBytes(job.dtype);
    const outBytes = floatDtypeBytes(job.outDtype);
    const sources = memory.buffers.slice(0, n).map((buffer) => buffer.byteOffset);
    const result = memory.buffers[n]!;
    for (let start = 0; start < elements; start += piece) {
      const count = Math.min(piece, elements - start);
      job.inputs.forEach((input, j) => memory.buffers[j]!.set(input.subarray(start * inBytes, (start + count) * inBytes)));
      await compute(memory, job, sources, result.byteOffset, count);
      output.set(result.subarray(0, count * outBytes), start * outBytes);
    }
  };

  /** The job's output once computed: at once when it was computed on this thread alone. */
  const merge = (job: MergeJob): Uint8Array | Promise<Uint8Array> => {
    const elements = checkMergeJob(job);
    const output = job.output ?? new Uint8Array(elements * floatDtypeBytes(job.outDtype));
    if (elements === 0) return output;
    const memory = directMemory(job, output);
    if (memory !== undefined) {
      const elsewhere = compute(memory, job, job.inputs.map((input) => input.byteOffset), output.byteOffset, elements);
      return elsewhere === undefined ? output : elsewhere.then(() => output);
    }
    const turn = staged.then(() => throughStaging(job, output, elements));
    staged = turn.catch(() => undefined);
    return turn.then(() => output);
  };

  return {
    name: 'cpu',
    parallelism: count,
    merge(job: MergeJob): Promise<Uint8Array> {
      if (closed) return Promise.reject(new CpuWorkerError('the CPU backend is closed'));
      let result: Uint8Array | Promise<Uint8Array>;
      try {
        result = merge(job);
      } catch (error) {
        return Promise.reject(error);
      }
      if (result instanceof Uint8Array) return Promise.resolve(result);
      // Still running on workers or through the staging memory: close() waits for it.
      const settled = result.catch(() => undefined);
      running.add(settled);
      void settled.then(() => running.delete(settled));
      return result;
    },
    lendBuffers(sizes: readonly number[]): LentBuffers {
      if (closed) throw new CpuWorkerError('the CPU backend is closed');
      const memory = newMemory(Math.max(MIN_TABLE_INPUTS, sizes.length), sizes);
      lent.add(memory);
      return {
        buffers: memory.buffers,
        release: () => {
          if (lent.delete(memory)) workers?.detach(memory);
        },
      };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all(running);
      await workers?.close();
      lent.clear();
      staging = undefined;
    },
  };
}
