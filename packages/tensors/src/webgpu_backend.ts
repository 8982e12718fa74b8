/**
 * The webgpu merge backend. A merge writes the weights of every pass to a uniform buffer, then
 * streams the tensor through in chunks: each chunk's inputs are written into one buffer at aligned
 * offsets, the passes run (see webgpu_wgsl.ts), and the result is copied to a mappable buffer and
 * read back. Two sets of buffers alternate, so chunk i+1 is uploaded while chunk i computes and is
 * read back. Buffers come from the device's pool and return to it for the next tensor.
 * @module
 */
import * as z from 'zod';
import { parseWithSchema } from '@soce/common';
import { checkMergeJob, type MergeBackend, type MergeJob } from './backend.ts';
import { floatDtypeBytes } from './dtype.ts';
import type { BufferPoolStats } from './webgpu_buffer_pool.ts';
import { GPU_FLAGS, WebGpuDevice, type GpuAdapterSummary } from './webgpu_device.ts';
import { WebGpuError, WebGpuOptionsError } from './webgpu_error.ts';
import { alignUp, chunkElements, planChunks, planDispatch, planPasses, type MergePass } from './webgpu_plan.ts';
import {
  BINDING, FLAGGED_HEADER_BYTES, FLAGGED_HEADER_RESET, kernelKey, mergeKernelSource, pairBytes, weightsBytes, type KernelSpec,
} from './webgpu_wgsl.ts';

/**
 * Knobs of the WebGPU backend. The `max*` ones can only tighten the device's own limits; tests use
 * them to force chunking, 2-D dispatch and accumulation passes on small tensors.
 */
export interface WebGpuBackendOptions {
  /** Largest storage binding in bytes (default: the device's `maxStorageBufferBindingSize`). */
  readonly maxBindingBytes?: number;
  /** Workgroups per dispatch dimension (default: the device's `maxComputeWorkgroupsPerDimension`). */
  readonly maxWorkgroupsPerDimension?: number;
  /** Inputs one pass reads (default: as many as `maxStorageBuffersPerShaderStage` allows). */
  readonly maxInputsPerPass?: number;
  /**
   * Elements per chunk (default 2²²). A tensor is uploaded, merged and read back chunk by chunk,
   * two chunks in flight, so smaller chunks overlap transfers and compute sooner but cost more
   * submits.
   */
  readonly chunkElements?: number;
  /** Invocations per workgroup (default 256). */
  readonly workgroupSize?: number;
  /** Idle buffer bytes kept for the next tensors (default 1 GiB). */
  readonly maxPooledBytes?: number;
}

/** A {@link MergeBackend} on a WebGPU device. */
export interface WebGpuBackend extends MergeBackend {
  /** Always `webgpu`. */
  readonly name: 'webgpu';
  /** The adapter the backend runs on, and whether it is a software one. */
  readonly adapter: GpuAdapterSummary;
  /** Counters of the buffer pool, to see buffers being reused across tensors. */
  poolStats(): BufferPoolStats;
}

const positiveInt = z.number().int().positive();
const optionsSchema = z.strictObject({
  maxBindingBytes: positiveInt.optional(),
  maxWorkgroupsPerDimension: positiveInt.optional(),
  maxInputsPerPass: positiveInt.optional(),
  chunkElements: positiveInt.min(2).optional(),
  workgroupSize: positiveInt.optional(),
  maxPooledBytes: z.number().int().nonnegative().optional(),
});

const DEFAULT_CHUNK_ELEMENTS = 2 ** 22;
const DEFAULT_WORKGROUP_SIZE = 256;
const DEFAULT_POOLED_BYTES = 2 ** 30;
/** Chunks in flight: one computing while the next uploads (and the previous reads back). */
const SLOTS = 2;

/** The limits a merge works within: the device's, tightened by the options. */
interface Limits {
  readonly maxBindingBytes: number;
  readonly maxBufferBytes: number;
  readonly maxWorkgroupsPerDimension: number;
  readonly maxStorageBuffers: number;
  readonly maxInputsPerPass: number;
  readonly storageAlignment: number;
  readonly uniformAlignment: number;
  readonly chunkElements: number;
  readonly workgroupSize: number;
}

/** The two entry points of one kernel. */
interface Kernel {
  /** Every pair on the f32 units; lists the pairs it cannot vouch for. */
  readonly main: GPUComputePipeline;
  /** The listed pairs, exactly. */
  readonly fixup: GPUComputePipeline;
}

/** The buffers of one chunk in flight. */
interface Slot {
  /** All inputs of the chunk, one aligned segment each. */
  readonly inputs: GPUBuffer;
  /** The f32 running sum, when the merge needs several passes. */
  readonly accumulator: GPUBuffer | undefined;
  readonly output: GPUBuffer;
  /** The pairs left to the exact path, behind `fixup`'s indirect dispatch arguments. */
  readonly flagged: GPUBuffer;
  readonly readback: GPUBuffer;
  /** Settles when the slot's last chunk has been copied out and the slot can take the next one. */
  done: Promise<void>;
}

/**
 * Opens a device on `gpu` and returns a backend that merges on it. The kernel module never imports
 * a WebGPU implementation: Node's `webgpu` package or Deno's `navigator.gpu` come in as `gpu` (see
 * the runtime adapters). Throws {@link WebGpuUnavailableError} if `gpu` has no adapter.
 */
export async function createWebGpuBackend(gpu: GPU, options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const parsed = parseWithSchema(optionsSchema, options, 'webgpu backend options', (message) => new WebGpuOptionsError(message));
  const owner = await WebGpuDevice.acquire(gpu, { maxPooledBytes: parsed.maxPooledBytes ?? DEFAULT_POOLED_BYTES });
  const device = owner.device.limits;
  const workgroupSize = parsed.workgroupSize ?? DEFAULT_WORKGROUP_SIZE;
  if (workgroupSize > Math.min(device.maxComputeInvocationsPerWorkgroup, device.maxComputeWorkgroupSizeX)) {
    owner.destroy();
    throw new WebGpuOptionsError(`workgroupSize ${workgroupSize} exceeds the device's ${device.maxComputeInvocationsPerWorkgroup} invocations per workgroup`);
  }
  const limits: Limits = {
    maxBindingBytes: Math.min(device.maxStorageBufferBindingSize, parsed.maxBindingBytes ?? Infinity),
    maxBufferBytes: device.maxBufferSize,
    maxWorkgroupsPerDimension: Math.min(device.maxComputeWorkgroupsPerDimension, parsed.maxWorkgroupsPerDimension ?? Infinity),
    maxStorageBuffers: device.maxStorageBuffersPerShaderStage,
    maxInputsPerPass: parsed.maxInputsPerPass ?? device.maxStorageBuffersPerShaderStage,
    storageAlignment: device.minStorageBufferOffsetAlignment,
    uniformAlignment: device.minUniformBufferOffsetAlignment,
    chunkElements: parsed.chunkElements ?? DEFAULT_CHUNK_ELEMENTS,
    workgroupSize,
  };
  return new WebGpuMergeBackend(owner, limits);
}

class WebGpuMergeBackend implements WebGpuBackend {
  readonly name = 'webgpu' as const;
  readonly adapter: GpuAdapterSummary;
  readonly #owner: WebGpuDevice;
  readonly #limits: Limits;
  readonly #kernels = new Map<string, Promise<Kernel>>();
  /** {@link FLAGGED_HEADER_RESET}, copied over a flagged list's header before each pass. */
  readonly #headerReset: GPUBuffer;
  // Merges run one at a time: they share the pool and the device's error scopes.
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(owner: WebGpuDevice, limits: Limits) {
    this.#owner = owner;
    this.#limits = limits;
    this.adapter = owner.adapter;
    this.#headerReset = owner.device.createBuffer({ size: FLAGGED_HEADER_BYTES, usage: GPU_FLAGS.copySrc | GPU_FLAGS.copyDst });
    owner.device.queue.writeBuffer(this.#headerReset, 0, FLAGGED_HEADER_RESET);
  }

  poolStats(): BufferPoolStats {
    return this.#owner.pool.stats();
  }

  merge(job: MergeJob): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(new WebGpuError('the webgpu backend is closed'));
    const result = this.#queue.then(() => this.#merge(job));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    this.#owner.destroy();
  }

  async #merge(job: MergeJob): Promise<Uint8Array> {
    const elements = checkMergeJob(job);
    const outBytes = floatDtypeBytes(job.outDtype);
    const result = new Uint8Array(elements * outBytes);
    if (elements === 0) return result;
    this.#owner.assertAlive();
    const { device } = this.#owner;
    const limits = this.#limits;
    const passes = planPasses(job.inputs.length, limits.maxStorageBuffers, limits.maxInputsPerPass);
    const accumulates = passes.length > 1;
    const inPair = pairBytes(job.dtype);
    const outPair = pairBytes(job.outDtype);
    const chunkSize = chunkElements({
      inputPairBytes: inPair,
      widestPairBytes: Math.max(outPair, accumulates ? pairBytes('F32') : 0, 4),
      inputs: job.inputs.length,
      // The flagged list, one word per pair, also carries a header.
      maxBindingBytes: limits.maxBindingBytes - FLAGGED_HEADER_BYTES,
      maxBufferBytes: limits.maxBufferBytes,
      offsetAlignment: limits.storageAlignment,
      preferredElements: limits.chunkElements,
      maxDispatchPairs: limits.maxWorkgroupsPerDimension ** 2 * limits.workgroupSize,
    });
    const chunks = planChunks(elements, chunkSize);
    const maxPairs = Math.ceil(Math.min(chunkSize, elements) / 2);
    const segment = alignUp(maxPairs * inPair, limits.storageAlignment);
    const kernels = await Promise.all(passes.map((pass) => this.#kernel(kernelSpec(job, pass, limits.workgroupSize))));

    const pool = this.#owner.pool;
    const acquired: GPUBuffer[] = [];
    const take = (bytes: number, usage: number): GPUBuffer => {
      const buffer = pool.acquire(bytes, usage);
      acquired.push(buffer);
      return buffer;
    };
    const weightStride = alignUp(weightsBytes(Math.max(...passes.map((p) => p.count))), limits.uniformAlignment);
    const weights = take(weightStride * passes.length, GPU_FLAGS.uniform | GPU_FLAGS.copyDst);
    device.queue.writeBuffer(weights, 0, packWeights(job.weights, passes, weightStride));
    const slots: Slot[] = [];
    for (let s = 0; s < Math.min(SLOTS, chunks.length); s++) {
      slots.push({
        inputs: take(segment * job.inputs.length, GPU_FLAGS.storage | GPU_FLAGS.copyDst),
        accumulator: accumulates ? take(maxPairs * pairBytes('F32'), GPU_FLAGS.storage) : undefined,
        output: take(maxPairs * outPair, GPU_FLAGS.storage | GPU_FLAGS.copySrc),
        flagged: take(FLAGGED_HEADER_BYTES + maxPairs * 4, GPU_FLAGS.storage | GPU_FLAGS.indirect | GPU_FLAGS.copyDst),
        readback: take(maxPairs * outPair, GPU_FLAGS.mapRead | GPU_FLAGS.copyDst),
        done: Promise.resolve(),
      });
    }

    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    let failure: unknown;
    try {
      for (const [c, chunk] of chunks.entries()) {
        const slot = slots[c % slots.length]!;
        await slot.done;
        const pairs = Math.ceil(chunk.count / 2);
        const inBytes = floatDtypeBytes(job.dtype);
        job.inputs.forEach((input, j) => {
          upload(device.queue, slot.inputs, j * segment, input.subarray(chunk.start * inBytes, (chunk.start + chunk.count) * inBytes));
        });
        const encoder = device.createCommandEncoder();
        passes.forEach((pass, p) => {
          const kernel = kernels[p]!;
          const shared: GPUBindGroupEntry[] = [
            { binding: BINDING.weights, resource: { buffer: weights, offset: p * weightStride, size: weightsBytes(pass.count) } },
          ];
          for (let i = 0; i < pass.count; i++) {
            const offset = (pass.first + i) * segment;
            shared.push({ binding: BINDING.input + i, resource: { buffer: slot.inputs, offset, size: pairs * inPair } });
          }
          if (slot.accumulator !== undefined) {
            shared.push({ binding: BINDING.accumulator(pass.count), resource: { buffer: slot.accumulator, offset: 0, size: pairs * 8 } });
          }
          if (pass.target === 'output') {
            shared.push({ binding: BINDING.output(pass.count), resource: { buffer: slot.output, offset: 0, size: pairs * outPair } });
          }
          const list = { buffer: slot.flagged, offset: 0, size: FLAGGED_HEADER_BYTES + pairs * 4 };
          encoder.copyBufferToBuffer(this.#headerReset, 0, slot.flagged, 0, FLAGGED_HEADER_BYTES);
          const compute = encoder.beginComputePass();
          compute.setPipeline(kernel.main);
          compute.setBindGroup(0, device.createBindGroup({
            layout: kernel.main.getBindGroupLayout(0),
            entries: [...shared, { binding: BINDING.flagged(pass.count), resource: list }],
          }));
          const grid = planDispatch(Math.ceil(pairs / limits.workgroupSize), limits.maxWorkgroupsPerDimension);
          compute.dispatchWorkgroups(grid.x, grid.y);
          compute.setPipeline(kernel.fixup);
          compute.setBindGroup(0, device.createBindGroup({
            layout: kernel.fixup.getBindGroupLayout(0),
            entries: [...shared, { binding: BINDING.fixupList(pass.count), resource: list }],
          }));
          compute.dispatchWorkgroupsIndirect(slot.flagged, 0);
          compute.end();
        });
        encoder.copyBufferToBuffer(slot.output, 0, slot.readback, 0, pairs * outPair);
        device.queue.submit([encoder.finish()]);
        slot.done = slot.readback.mapAsync(GPU_FLAGS.mapModeRead, 0, pairs * outPair).then(() => {
          const bytes = new Uint8Array(slot.readback.getMappedRange(0, pairs * outPair), 0, chunk.count * outBytes);
          result.set(bytes, chunk.start * outBytes);
          slot.readback.unmap();
        });
      }
    } catch (error) {
      failure = error;
    }
    const settled = await Promise.allSettled(slots.map((slot) => slot.done));
    // Both scopes must be popped, whatever happened.
    const validation = await device.popErrorScope();
    const outOfMemory = await device.popErrorScope();
    const what = `the merge of ${job.inputs.length} ${job.dtype} inputs into ${job.outDtype} on the GPU`;
    const gpuError = validation ?? outOfMemory;
    if (gpuError !== null) {
      // A buffer the GPU rejected work on may still be mapped or half-written: do not pool it.
      for (const buffer of acquired) buffer.destroy();
      throw new WebGpuError(`${what} was rejected: ${gpuError.message}`);
    }
    for (const buffer of acquired) pool.release(buffer);
    const rejected = settled.find((s) => s.status === 'rejected');
    const cause = failure ?? rejected?.reason;
    if (cause !== undefined) throw new WebGpuError(`${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    return result;
  }

  #kernel(spec: KernelSpec): Promise<Kernel> {
    const key = kernelKey(spec);
    let kernel = this.#kernels.get(key);
    if (kernel === undefined) {
      const { device } = this.#owner;
      const module = device.createShaderModule({ code: mergeKernelSource(spec), label: `soce merge ${key}` });
      const pipeline = (entryPoint: string): Promise<GPUComputePipeline> =>
        device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint } });
      kernel = Promise.all([pipeline('main'), pipeline('fixup')]).then(
        ([main, fixup]) => ({ main, fixup }),
        (error: unknown) => {
          // A kernel that failed to build is not cached: the next merge gets the error afresh.
          this.#kernels.delete(key);
          const why = error instanceof Error ? error.message : String(error);
          throw new WebGpuError(`the GPU could not compile the merge kernel (${key}): ${why}`, { cause: error });
        },
      );
      this.#kernels.set(key, kernel);
    }
    return kernel;
  }
}

function kernelSpec(job: MergeJob, pass: MergePass, workgroupSize: number): KernelSpec {
  return {
    inputs: pass.count,
    inDtype: job.dtype,
    start: pass.start,
    target: pass.target === 'accumulator' ? 'accumulator' : { output: job.outDtype },
    workgroupSize,
  };
}

/** The weights of every pass as f32, each pass's at its own uniform-aligned offset, zeros elsewhere. */
function packWeights(weights: readonly number[], passes: readonly MergePass[], stride: number): Float32Array<ArrayBuffer> {
  const packed = new Float32Array((stride / 4) * passes.length);
  passes.forEach((pass, p) => {
    for (let i = 0; i < pass.count; i++) packed[(p * stride) / 4 + i] = weights[pass.first + i]!;
  });
  return packed;
}

/**
 * Writes `bytes` at `offset`. `writeBuffer` takes whole 4-byte words, so an odd count of 16-bit
 * elements sends its last element in a zero-padded word (the pad lane's result is discarded).
 */
function upload(queue: GPUQueue, buffer: GPUBuffer, offset: number, bytes: Uint8Array): void {
  const whole = bytes.byteLength & ~3;
  if (whole > 0) queue.writeBuffer(buffer, offset, bytes as Uint8Array<ArrayBuffer>, 0, whole);
  if (whole < bytes.byteLength) {
    const tail = new Uint8Array(4);
    tail.set(bytes.subarray(whole));
    queue.writeBuffer(buffer, offset + whole, tail);
  }
}
