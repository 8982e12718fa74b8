/** Side of an MNIST image in pixels. */
export const IMAGE_SIDE = 28;

/** Pixels of one image (28 × 28), the MLP's input size. */
export const IMAGE_PIXELS: number = IMAGE_SIDE * IMAGE_SIDE;

/** Digit classes, the MLP's output size. */
export const DIGIT_CLASSES = 10;

/**
 * Labelled 28×28 greyscale images. One byte per pixel keeps the precomputed condition sets small
 * (MNIST is 8-bit data anyway); the MLP folds the 1/255 scale into its first layer.
 */
export interface LabelledImages {
  /** `count × 784` bytes, image after image, row-major; 0 is background, 255 full ink. */
  readonly pixels: Uint8Array;
  /** The digit (0–9) of every image. */
  readonly labels: Uint8Array;
  /** Number of images. */
  readonly count: number;
}

/** The images of `source` at `indices`, in that order. */
export function selectImages(source: LabelledImages, indices: ArrayLike<number>): LabelledImages {
  const count = indices.length;
  const pixels = new Uint8Array(count * IMAGE_PIXELS);
  const labels = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const i = indices[k]!;
    pixels.set(source.pixels.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS), k * IMAGE_PIXELS);
    labels[k] = source.labels[i]!;
  }
  return { pixels, labels, count };
}
