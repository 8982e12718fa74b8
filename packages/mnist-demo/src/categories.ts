import { IMAGE_PIXELS, type LabelledImages } from './images.ts';
import { randomInt, rngFor, type Rng } from './prng.ts';
import { addNoise, invert, rotate, shift, thicken } from './transforms.ts';

/**
 * The demo benchmark's categories: conditions of the digit images, as BFCL's categories are kinds
 * of function call. Each has its own dev and test set. Inversion and noise change the input
 * distribution in ways the others do not, so some categories are weakly (or negatively)
 * correlated across models, which is the premise of SoCE.
 */
export const DEMO_CATEGORIES = ['clean', 'rotated', 'inverted', 'noisy', 'shifted', 'thick'] as const;

/** One of {@link DEMO_CATEGORIES}. */
export type DemoCategory = (typeof DEMO_CATEGORIES)[number];

/** What each category does to a digit, for reports and the README. */
export const CATEGORY_DESCRIPTIONS: Readonly<Record<DemoCategory, string>> = {
  clean: 'the digit as scanned',
  rotated: 'rotated 25–40° either way about the centre (bilinear)',
  inverted: 'colours inverted: dark digit on a white background',
  noisy: 'seeded Gaussian-like pixel noise, σ = 0.3 of full ink, clipped',
  shifted: 'moved 2–3 pixels along at least one axis (up to 3 on the other)',
  thick: 'strokes thickened by a 3×3 dilation',
};

const NOISE_SIGMA = 0.3;

/** Writes `category`'s version of the 784-byte image `src` to `dst`, drawing randomness from `rng`. */
export function applyCondition(category: DemoCategory, src: Uint8Array, dst: Uint8Array, rng: Rng): void {
  switch (category) {
    case 'clean':
      dst.set(src);
      return;
    case 'rotated': {
      const degrees = 25 + 15 * rng();
      rotate(src, dst, rng() < 0.5 ? -degrees : degrees);
      return;
    }
    case 'inverted':
      invert(src, dst);
      return;
    case 'noisy':
      addNoise(src, dst, NOISE_SIGMA, rng);
      return;
    case 'shifted': {
      let dx = 0;
      let dy = 0;
      while (Math.max(Math.abs(dx), Math.abs(dy)) < 2) {
        dx = randomInt(rng, 7) - 3;
        dy = randomInt(rng, 7) - 3;
      }
      shift(src, dst, dx, dy);
      return;
    }
    case 'thick':
      thicken(src, dst);
      return;
  }
}

/**
 * `images` under `category`'s condition. The randomness is a stream of its own per (seed, stream,
 * category), so a category's images do not change when another category is added or resized.
 */
export function conditionImages(images: LabelledImages, category: DemoCategory, seed: number, stream: string): LabelledImages {
  const rng = rngFor(seed, 'condition', stream, category);
  const pixels = new Uint8Array(images.count * IMAGE_PIXELS);
  for (let k = 0; k < images.count; k++) {
    const from = k * IMAGE_PIXELS;
    applyCondition(category, images.pixels.subarray(from, from + IMAGE_PIXELS), pixels.subarray(from, from + IMAGE_PIXELS), rng);
  }
  return { pixels, labels: images.labels, count: images.count };
}
