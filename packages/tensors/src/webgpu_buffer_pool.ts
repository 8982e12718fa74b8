/**
 * Reuses GPU buffers across tensors. A checkpoint holds thousands of tensors in a handful of
 * shapes, and creating and destroying a buffer per tensor costs more than merging a small one, so
 * released buffers wait in per-(size, usage) lists. Sizes are rounded up to a power of two so that
 * tensors of similar sizes share buffers; idle bytes are capped so the pool cannot hoard memory.
 */

/** Counters of the WebGPU backend's buffer pool (see {@link WebGpuBackend.poolStats}), for reports and tests. */
export interface BufferPoolStats {
  /** Buffers created since the pool was made. */
  readonly created: number;
  /** Acquisitions served by an idle buffer instead of a new one. */
  readonly reused: number;
  /** Bytes held by idle buffers right now. */
  readonly idleBytes: number;
}

const MIN_BUFFER_BYTES = 256;

/** The size class a request for `bytes` is served from: the next power of two, within `maxBytes`. */
export function pooledSize(bytes: number, maxBytes: number): number {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > maxBytes) {
    throw new RangeError(`a buffer of ${bytes} bytes is outside 1…${maxBytes} (the device's maxBufferSize)`);
  }
  const rounded = Math.max(MIN_BUFFER_BYTES, 2 ** Math.ceil(Math.log2(bytes)));
  // Past the largest power of two the device allows, fall back to the exact size (4-byte aligned).
  return rounded <= maxBytes ? rounded : Math.ceil(bytes / 4) * 4;
}

/** Idle GPU buffers keyed by size class and usage. */
export class BufferPool {
  readonly #device: GPUDevice;
  readonly #maxIdleBytes: number;
  readonly #idle = new Map<string, GPUBuffer[]>();
  #created = 0;
  #reused = 0;
  #idleBytes = 0;

  /** A pool on `device` that keeps at most `maxIdleBytes` of idle buffers. */
  constructor(device: GPUDevice, maxIdleBytes: number) {
    this.#device = device;
    this.#maxIdleBytes = maxIdleBytes;
  }

  /**
   * A buffer of at least `bytes` bytes with exactly `usage`: an idle one of the same class if any,
   * else a new one. Its contents are whatever the last user left.
   */
  acquire(bytes: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const size = pooledSize(bytes, this.#device.limits.maxBufferSize);
    const idle = this.#idle.get(key(size, usage))?.pop();
    if (idle !== undefined) {
      this.#reused += 1;
      this.#idleBytes -= idle.size;
      return idle;
    }
    this.#created += 1;
    return this.#device.createBuffer({ size, usage });
  }

  /** Takes back an unmapped buffer from {@link acquire}; destroys it if the pool is full. */
  release(buffer: GPUBuffer): void {
    if (this.#idleBytes + buffer.size > this.#maxIdleBytes) {
      buffer.destroy();
      return;
    }
    const k = key(buffer.size, buffer.usage);
    const list = this.#idle.get(k);
    if (list === undefined) this.#idle.set(k, [buffer]);
    else list.push(buffer);
    this.#idleBytes += buffer.size;
  }

  /** The pool's counters. */
  stats(): BufferPoolStats {
    return { created: this.#created, reused: this.#reused, idleBytes: this.#idleBytes };
  }

  /** Destroys every idle buffer. */
  clear(): void {
    for (const list of this.#idle.values()) for (const buffer of list) buffer.destroy();
    this.#idle.clear();
    this.#idleBytes = 0;
  }
}

function key(size: number, usage: number): string {
  return `${size}/${usage}`;
}
