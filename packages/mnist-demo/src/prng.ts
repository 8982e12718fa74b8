/**
 * Seeded randomness for the demo. Every random choice (splits, image conditions, weight init,
 * batch order) draws from a stream derived from the user's seed and a label, so adding a stream
 * never shifts the numbers of another one, and Node and Deno (same V8 arithmetic) agree bit for bit.
 */

/** A generator of uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast, and good enough for shuffles and augmentation. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed for the stream named by `labels` under `seed` (FNV-1a, then a murmur finaliser). */
export function deriveSeed(seed: number, ...labels: readonly (string | number)[]): number {
  const text = [seed, ...labels].join('/');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The generator of the stream named by `labels` under `seed`. */
export function rngFor(seed: number, ...labels: readonly (string | number)[]): Rng {
  return mulberry32(deriveSeed(seed, ...labels));
}

/** A uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

const BYTE_SUM_MEAN = 4 * 127.5;
const BYTE_SUM_SD = Math.sqrt((4 * (256 * 256 - 1)) / 12);

/**
 * A roughly standard normal draw: the Irwin–Hall sum of the four bytes of one 32-bit draw,
 * standardised. One generator call per draw (noise needs one per pixel) and pure integer
 * arithmetic, so no transcendental function can differ between engines. Assumes `rng` yields
 * multiples of 2^-32, as {@link mulberry32} does.
 */
export function gaussianish(rng: Rng): number {
  const u = rng() * 4294967296;
  return ((u & 255) + ((u >>> 8) & 255) + ((u >>> 16) & 255) + (u >>> 24) - BYTE_SUM_MEAN) / BYTE_SUM_SD;
}

/** 0, 1, …, n-1 in a seeded random order (Fisher–Yates). */
export function permutation(rng: Rng, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
