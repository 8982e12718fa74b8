/**
 * The merge arithmetic on the CPU, in WebAssembly SIMD (`cpu_kernel.wat`): four f32 lanes per
 * instruction, about four times the speed of the same loops in JavaScript.
 *
 * Elements are processed in blocks of 16384, accumulated into an f32 block (`acc = w_0·x_0`, then
 * `acc = acc + w_j·x_j`) that is then rounded once to the output type, so everything stays in
 * cache. Inputs read into {@link MergeBackend.inputBuffers} already lie in kernel memory; others are
 * copied in block by block (any byte offset, either host byte order: WebAssembly memory is
 * little-endian, like safetensors). Every kernel operation is an IEEE f32 operation (no fused
 * multiply-add, no flush to zero) or exact bit manipulation, so results are bit-identical to the
 * {@link MergeBackend} specification.
 * @module
 */
import { checkMergeJob, type InputBuffers, type MergeBackend, type MergeJob } from './backend.ts';
import { CPU_KERNEL_HEX } from './cpu_kernel_wasm.ts';
import { floatDtypeBytes } from './dtype.ts';

/** Elements per block: the f32 accumulator fills one 64 KiB WebAssembly page. */
const BLOCK = 16384;
const PAGE = 65536;
/** Every memory starts with the accumulator page, then the output page; then input blocks or buffers. */
const ACC = 0;
const OUT = PAGE;
const SCRATCH_PAGES = 2;
const stagingAt = (j: number): number => (SCRATCH_PAGES + j) * PAGE;

type Accumulate = (src: number, acc: number, count: number, weight: number) => void;
type Encode = (acc: number, dst: number, count: number) => void;

interface Kernel {
  readonly first_bf16: Accumulate;
  readonly add_bf16: Accumulate;
  readonly first_f16: Accumulate;
  readonly add_f16: Accumulate;
  readonly first_f32: Accumulate;
  readonly add_f32: Accumulate;
  readonly encode_bf16: Encode;
  readonly encode_f16: Encode;
}

/** A kernel instance with its own memory. */
interface Arena {
  readonly memory: WebAssembly.Memory;
  readonly kernel: Kernel;
}

function compileKernel(): WebAssembly.Module {
  const bytes = new Uint8Array(CPU_KERNEL_HEX.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(CPU_KERNEL_HEX.slice(2 * i, 2 * i + 2), 16);
  return new WebAssembly.Module(bytes);
}

function createArena(module: WebAssembly.Module, pages: number): Arena {
  const memory = new WebAssembly.Memory({ initial: pages });
  return { memory, kernel: new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernel };
}

/**
 * A {@link MergeBackend} running on the calling thread. Needs WebAssembly with SIMD (Node 16.4+,
 * Deno, current browsers).
 */
export function createCpuBackend(): MergeBackend {
  const module = compileKernel();
  // Inputs from elsewhere are staged here; growing it is fine, as no one else holds views of it.
  const staging = createArena(module, SCRATCH_PAGES + 2);
  const lent = new Set<Arena>();

  function arenaHolding(inputs: readonly Uint8Array[]): Arena | undefined {
    for (const arena of lent) if (inputs.every((input) => input.buffer === arena.memory.buffer)) return arena;
    return undefined;
  }

  return {
    name: 'cpu',
    async merge(job: MergeJob): Promise<Uint8Array> {
      const elements = checkMergeJob(job);
      const direct = arenaHolding(job.inputs);
      const arena = direct ?? staging;
      if (direct === undefined) {
        const pages = staging.memory.buffer.byteLength / PAGE;
        if (pages < SCRATCH_PAGES + job.inputs.length) staging.memory.grow(SCRATCH_PAGES + job.inputs.length - pages);
      }
      const memory = new Uint8Array(arena.memory.buffer);
      const { kernel } = arena;
      const inBytes = floatDtypeBytes(job.dtype);
      const outBytes = floatDtypeBytes(job.outDtype);
      const [first, add] = job.dtype === 'BF16' ? [kernel.first_bf16, kernel.add_bf16] : job.dtype === 'F16' ? [kernel.first_f16, kernel.add_f16] : [kernel.first_f32, kernel.add_f32];
      const encode = job.outDtype === 'BF16' ? kernel.encode_bf16 : job.outDtype === 'F16' ? kernel.encode_f16 : undefined;
      const weights = job.weights.map(Math.fround);
      const out = new Uint8Array(elements * outBytes);
      for (let start = 0; start < elements; start += BLOCK) {
        const count = Math.min(BLOCK, elements - start);
        // The kernels work 8 elements at a time; lanes past `count` hold stale data and are never copied out.
        const lanes = (count + 7) & ~7;
        for (let j = 0; j < job.inputs.length; j++) {
          const input = job.inputs[j]!;
          let at: number;
          if (direct === undefined) {
            at = stagingAt(j);
            memory.set(input.subarray(start * inBytes, (start + count) * inBytes), at);
          } else {
            at = input.byteOffset + start * inBytes;
          }
          (j === 0 ? first : add)(at, ACC, lanes, weights[j]!);
        }
        if (encode === undefined) {
          out.set(memory.subarray(ACC, ACC + count * 4), start * 4);
        } else {
          encode(ACC, OUT, lanes);
          out.set(memory.subarray(OUT, OUT + count * outBytes), start * outBytes);
        }
      }
      return out;
    },
    inputBuffers(count: number, bytes: number): InputBuffers {
      // 16-byte strides keep vector loads aligned; 32 bytes of slack cover the last buffer's 8-lane tail.
      const stride = Math.ceil(bytes / 16) * 16;
      const arena = createArena(module, SCRATCH_PAGES + Math.ceil((count * stride + 32) / PAGE));
      lent.add(arena);
      const buffers = Array.from({ length: count }, (_, i) => new Uint8Array(arena.memory.buffer, SCRATCH_PAGES * PAGE + i * stride, bytes));
      return { buffers, release: () => void lent.delete(arena) };
    },
    async close(): Promise<void> {
      lent.clear();
    },
  };
}
