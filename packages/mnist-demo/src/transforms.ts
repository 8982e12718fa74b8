import { IMAGE_PIXELS, IMAGE_SIDE } from './images.ts';
import { gaussianish, type Rng } from './prng.ts';

/**
 * Image transforms on one 28×28 byte image (`src` and `dst` are 784-byte views; they must not
 * overlap). Results are rounded back to bytes, as a real 8-bit scan would be.
 */

const CENTRE = (IMAGE_SIDE - 1) / 2;

/** Writes 255 − v for every pixel: white digits on black become black digits on white. */
export function invert(src: Uint8Array, dst: Uint8Array): void {
  for (let i = 0; i < IMAGE_PIXELS; i++) dst[i] = 255 - src[i]!;
}

/**
 * Rotates the image by `degrees` (counter-clockwise on screen) about its centre, sampling the
 * source bilinearly; what comes from outside the frame is background.
 */
export function rotate(src: Uint8Array, dst: Uint8Array, degrees: number): void {
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  for (let y = 0; y < IMAGE_SIDE; y++) {
    for (let x = 0; x < IMAGE_SIDE; x++) {
      // The inverse map: which source point lands on (x, y).
      const dx = x - CENTRE;
      const dy = y - CENTRE;
      const sx = cos * dx - sin * dy + CENTRE;
      const sy = sin * dx + cos * dy + CENTRE;
      dst[y * IMAGE_SIDE + x] = Math.round(bilinear(src, sx, sy));
    }
  }
}

function pixel(src: Uint8Array, x: number, y: number): number {
  return x < 0 || y < 0 || x >= IMAGE_SIDE || y >= IMAGE_SIDE ? 0 : src[y * IMAGE_SIDE + x]!;
}

function bilinear(src: Uint8Array, sx: number, sy: number): number {
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  const top = pixel(src, x0, y0) * (1 - fx) + pixel(src, x0 + 1, y0) * fx;
  const bottom = pixel(src, x0, y0 + 1) * (1 - fx) + pixel(src, x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}

/** Moves the image `dx` pixels right and `dy` pixels down; uncovered pixels are background. */
export function shift(src: Uint8Array, dst: Uint8Array, dx: number, dy: number): void {
  for (let y = 0; y < IMAGE_SIDE; y++) {
    for (let x = 0; x < IMAGE_SIDE; x++) dst[y * IMAGE_SIDE + x] = pixel(src, x - dx, y - dy);
  }
}

/**
 * Grey-level dilation with a 3×3 square: every stroke grows by a pixel on each side. Done as a
 * row pass then a column pass (the square is separable), with the borders clamped.
 */
export function thicken(src: Uint8Array, dst: Uint8Array): void {
  const rows = new Uint8Array(IMAGE_PIXELS);
  const last = IMAGE_SIDE - 1;
  for (let y = 0; y < IMAGE_SIDE; y++) {
    const r = y * IMAGE_SIDE;
    for (let x = 0; x < IMAGE_SIDE; x++) {
      rows[r + x] = Math.max(src[r + Math.max(0, x - 1)]!, src[r + x]!, src[r + Math.min(last, x + 1)]!);
    }
  }
  for (let y = 0; y < IMAGE_SIDE; y++) {
    const up = Math.max(0, y - 1) * IMAGE_SIDE;
    const here = y * IMAGE_SIDE;
    const down = Math.min(last, y + 1) * IMAGE_SIDE;
    for (let x = 0; x < IMAGE_SIDE; x++) dst[here + x] = Math.max(rows[up + x]!, rows[here + x]!, rows[down + x]!);
  }
}

/** Adds seeded zero-mean noise of standard deviation `sigma` (in units of full ink), clipped. */
export function addNoise(src: Uint8Array, dst: Uint8Array, sigma: number, rng: Rng): void {
  const scale = sigma * 255;
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    dst[i] = Math.min(255, Math.max(0, Math.round(src[i]! + scale * gaussianish(rng))));
  }
}
