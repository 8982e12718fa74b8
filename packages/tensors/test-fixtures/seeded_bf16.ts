/**
 * Deterministic bf16 tensors for tests of merging and of the files that hold them.
 * @module
 */
import { f32ToBf16 } from '../src/dtype.ts';
import type { Tensor } from '../src/safetensors_writer.ts';

/** A bf16 tensor of `shape` holding values in about ±2 from a linear congruential stream; seeds 1 apart give unrelated values. */
export function seededBf16(name: string, shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const bits = new Uint16Array(n);
  let state = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    bits[i] = f32ToBf16((state / 2 ** 31) * 4 - 2);
  }
  return { name, dtype: 'BF16', shape, data: new Uint8Array(bits.buffer) };
}
