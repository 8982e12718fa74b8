/**
 * Random MLP weights for tests, reproducible from a seed.
 * @module
 */
import { TENSOR_NAMES, TENSOR_SHAPES, type ModelTensors } from '../src/model.ts';
import { mulberry32 } from '../src/prng.ts';

/** Every tensor of the demo's MLP, each value uniform in [-spread/2, spread/2) from `seed`'s stream. */
export function randomTensors(seed: number, spread: number): ModelTensors {
  const rng = mulberry32(seed);
  return Object.fromEntries(
    TENSOR_NAMES.map((name) => {
      const shape = [...TENSOR_SHAPES[name]];
      const size = shape.reduce((a, b) => a * b, 1);
      return [name, { shape, data: Float32Array.from({ length: size }, () => (rng() - 0.5) * spread) }];
    }),
  );
}
