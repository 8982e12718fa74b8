import { BufferPool } from './webgpu_buffer_pool.ts';
import { NO_ADAPTER_HINT, WebGpuError, WebGpuUnavailableError } from './webgpu_error.ts';

/**
 * The WebGPU usage and map-mode bits the backend needs. The spec fixes their values; spelling them
 * out here avoids relying on the `GPUBufferUsage` global, which Node's `webgpu` package only
 * installs if asked to.
 */
export const GPU_FLAGS = {
  /** `GPUBufferUsage.MAP_READ`. */
  mapRead: 0x0001,
  /** `GPUBufferUsage.COPY_SRC`. */
  copySrc: 0x0004,
  /** `GPUBufferUsage.COPY_DST`. */
  copyDst: 0x0008,
  /** `GPUBufferUsage.UNIFORM`. */
  uniform: 0x0040,
  /** `GPUBufferUsage.STORAGE`. */
  storage: 0x0080,
  /** `GPUBufferUsage.INDIRECT`. */
  indirect: 0x0100,
  /** `GPUMapMode.READ`. */
  mapModeRead: 0x0001,
} as const;

/** What a WebGPU adapter is, as far as choosing a backend goes. */
export interface GpuAdapterSummary {
  /** A human-readable name: the driver's description, else vendor, architecture and device. */
  readonly description: string;
  /** Whether the adapter runs on the CPU (SwiftShader, llvmpipe/lavapipe, WARP): then the CPU backend is faster. */
  readonly software: boolean;
}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|basic render|\bwarp\b/i;

/**
 * Describes `info`. Node's Dawn fills `vendor`/`architecture` ("google", "swiftshader") and Deno's
 * wgpu fills `description` ("llvmpipe (LLVM 15…)"), and both set `isFallbackAdapter` for software
 * adapters; any of them marks the adapter as software.
 */
export function summarizeAdapter(info: Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'device' | 'description'> & {
  readonly isFallbackAdapter?: boolean;
}): GpuAdapterSummary {
  const parts = [info.vendor, info.architecture, info.device].filter((part) => part !== '');
  const description = info.description !== '' ? info.description : parts.join(' ') || 'unnamed adapter';
  const names = [info.description, ...parts].join(' ');
  return { description, software: info.isFallbackAdapter === true || SOFTWARE_ADAPTER.test(names) };
}

/** Asks `gpu` for its adapter; `undefined` if it has none. */
export async function requestAdapter(gpu: GPU): Promise<GPUAdapter | undefined> {
  return (await gpu.requestAdapter({ powerPreference: 'high-performance' })) ?? undefined;
}

/** Options of {@link WebGpuDevice.acquire}. */
export interface WebGpuDeviceOptions {
  /** Idle bytes the buffer pool may keep between tensors. */
  readonly maxPooledBytes: number;
}

/**
 * Owns one GPU device: requested with the adapter's own limits (the defaults cap bindings at
 * 128 MiB and storage buffers per stage at 8), its buffer pool, and its end. Keeps the `GPU` object
 * alive as long as the device, since Node's `webgpu` breaks if the object is collected.
 */
export class WebGpuDevice {
  /** The device. */
  readonly device: GPUDevice;
  /** The adapter the device came from. */
  readonly adapter: GpuAdapterSummary;
  /** Buffers shared by every merge on this device. */
  readonly pool: BufferPool;
  // Held only to keep it reachable: see the class comment.
  readonly #gpu: GPU;
  #lost: string | undefined;

  private constructor(gpu: GPU, device: GPUDevice, adapter: GpuAdapterSummary, options: WebGpuDeviceOptions) {
    this.#gpu = gpu;
    this.device = device;
    this.adapter = adapter;
    this.pool = new BufferPool(device, options.maxPooledBytes);
    void device.lost.then((info) => {
      this.#lost = info.message || info.reason;
    });
  }

  /** Requests an adapter from `gpu` and a device with its limits; throws if there is no adapter. */
  static async acquire(gpu: GPU, options: WebGpuDeviceOptions): Promise<WebGpuDevice> {
    const adapter = await requestAdapter(gpu);
    if (adapter === undefined) throw new WebGpuUnavailableError(`no WebGPU adapter found: ${NO_ADAPTER_HINT}`);
    const { limits } = adapter;
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxBufferSize: limits.maxBufferSize,
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
      },
    });
    return new WebGpuDevice(gpu, device, summarizeAdapter(adapter.info), options);
  }

  /** Throws if the device was lost or destroyed. */
  assertAlive(): void {
    if (this.#lost !== undefined) throw new WebGpuError(`the GPU device is gone (${this.#lost}); create a new backend`);
  }

  /** Frees the pooled buffers and the device. Idempotent. */
  destroy(): void {
    this.pool.clear();
    this.device.destroy();
    this.#lost ??= 'destroyed';
  }
}
