/**
 * The CPU merge kernel (see scripts/cpu_kernel_wat.mjs) and the shared memory it runs on. A
 * {@link KernelMemory} is one shared `WebAssembly.Memory` laid out as: one table per thread (the
 * inputs' addresses and weights of the call that thread runs), a small area for the last few
 * elements of a job, then the buffers. Every thread instantiates the kernel on the same memory, so
 * chunks read into a buffer are merged where they lie, by any thread, and never copied.
 * @module
 */
import { CPU_KERNEL_BASE64 } from './cpu_kernel_wasm.ts';
import { floatDtypeName, type FloatDtype, type FloatDtypeName } from './dtype.ts';

/** Elements per kernel iteration: a call covers its count rounded up to a multiple of this. */
export const KERNEL_STEP = 16;
const PAGE = 65536;
/** Bytes per table entry: the weight as an f32x4 splat, then the input's address. */
const ENTRY_BYTES = 32;
/** Buffers start on cache lines, so two threads never write one line. */
const ALIGN = 64;

/**
 * Input counts with kernel functions of their own (as scripts/cpu_kernel_wat.mjs generates them),
 * which read the table once per call instead of once per 16 elements.
 */
const UNROLLED_INPUTS = [2, 3, 4] as const;
type UnrolledInputs = (typeof UNROLLED_INPUTS)[number];
const isUnrolled = (inputs: number): inputs is UnrolledInputs => (UNROLLED_INPUTS as readonly number[]).includes(inputs);

/**
 * An exported kernel function: `merge_<in>_<out>(table, inputs, dst, n)` for any number of inputs,
 * `merge_<in>_<out>_<inputs>` for the counts of {@link UNROLLED_INPUTS}.
 */
export type KernelName = `merge_${FloatDtypeName}_${FloatDtypeName}` | `merge_${FloatDtypeName}_${FloatDtypeName}_${UnrolledInputs}`;

/** The kernel function merging `inputs` inputs of `dtype` into `outDtype`. */
export function kernelName(dtype: FloatDtype, outDtype: FloatDtype, inputs: number): KernelName {
  const name = `merge_${floatDtypeName(dtype)}_${floatDtypeName(outDtype)}` as const;
  return isUnrolled(inputs) ? `${name}_${inputs}` : name;
}

/** The kernel's exports, as one instance on one memory sees them. */
export type Kernel = Readonly<Record<KernelName, (table: number, inputs: number, dst: number, n: number) => void>>;

let compiled: WebAssembly.Module | undefined;

/** The kernel's WebAssembly bytes, decoded from the embedded base64. */
export function kernelBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(CPU_KERNEL_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The compiled kernel (compiled once; a module can be sent to workers). */
export function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(kernelBytes());
  return compiled;
}

/** Instantiates the kernel on `memory`. */
export function instantiateKernel(memory: WebAssembly.Memory): Kernel {
  return new WebAssembly.Instance(kernelModule(), { env: { memory } }).exports as unknown as Kernel;
}

/** One call of the kernel: `n` elements from the inputs listed in the table at `table`, into `dst`. */
export interface KernelCall {
  readonly name: KernelName;
  readonly table: number;
  readonly inputs: number;
  readonly dst: number;
  readonly n: number;
}

let nextMemoryId = 0;

/** A shared memory laid out for the kernel; see the module comment. */
export class KernelMemory {
  /** Tells this memory apart in messages to workers. */
  readonly id: number = nextMemoryId++;
  readonly memory: WebAssembly.Memory;
  /** Inputs a table holds: jobs with more inputs are staged elsewhere. */
  readonly maxInputs: number;
  /** The buffers, as asked for. */
  readonly buffers: readonly Uint8Array[];
  readonly #tables: number;
  readonly #tail: number;
  readonly #words: Uint32Array;
  readonly #floats: Float32Array;

  /** A memory with tables for `tables` threads of up to `maxInputs` inputs, and buffers of `sizes` bytes. */
  constructor(tables: number, maxInputs: number, sizes: readonly number[]) {
    this.maxInputs = maxInputs;
    const tableBytes = maxInputs * ENTRY_BYTES;
    this.#tables = tables;
    this.#tail = tables * tableBytes;
    let at = alignUp(this.#tail + (maxInputs + 1) * this.tailStride, ALIGN);
    const offsets = sizes.map((size) => {
      const offset = at;
      at = alignUp(at + size, ALIGN);
      return offset;
    });
    const pages = Math.max(1, Math.ceil(at / PAGE));
    if (pages > 65536) throw new RangeError(`the CPU kernel's memory is limited to 4 GiB; ${at} bytes were asked for (use smaller chunks)`);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    this.buffers = sizes.map((size, i) => new Uint8Array(this.memory.buffer, offsets[i], size));
    this.#words = new Uint32Array(this.memory.buffer);
    this.#floats = new Float32Array(this.memory.buffer);
  }

  /** Bytes of the tail area per input: one kernel step of the widest dtype. */
  get tailStride(): number {
    return KERNEL_STEP * 4;
  }

  /** Where thread `thread`'s table starts. */
  tableAt(thread: number): number {
    if (thread >= this.#tables) throw new RangeError(`no table for thread ${thread}`);
    return thread * this.maxInputs * ENTRY_BYTES;
  }

  /** Where the tail area's slot `k` starts (`maxInputs` inputs, then the output). */
  tailAt(k: number): number {
    return this.#tail + k * this.tailStride;
  }

  /** Writes a table: input `j` at address `sources[j]` with weight `weights[j]` (rounded to f32). */
  writeTable(at: number, sources: readonly number[], weights: readonly number[]): void {
    for (let j = 0; j < sources.length; j++) {
      const entry = (at + j * ENTRY_BYTES) / 4;
      this.#floats.fill(weights[j]!, entry, entry + 4);
      this.#words[entry + 4] = sources[j]!;
    }
  }

  /** Whether `view` lies in this memory, and where. */
  addressOf(view: Uint8Array): number | undefined {
    return view.buffer === this.memory.buffer ? view.byteOffset : undefined;
  }
}

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
