import type { DemoCategory } from './categories.ts';
import { DIGIT_CLASSES, IMAGE_PIXELS, type LabelledImages } from './images.ts';
import { createScratch, forward, HIDDEN_SIZE, PIXEL_MEAN, type Mlp, type Scratch } from './model.ts';
import { permutation, type Rng } from './prng.ts';

/** Samples per SGD step. */
export const BATCH_SIZE = 32;

/** One run of training: which images, which conditions how often, how fast, how long. */
export interface SgdRun {
  /** The training digits under every condition. */
  readonly train: Readonly<Record<DemoCategory, LabelledImages>>;
  /** Picks the condition of the next sample. */
  readonly pickCondition: () => DemoCategory;
  /** SGD step size. */
  readonly learningRate: number;
  /** The seeded stream that orders the digits of each epoch. */
  readonly orderRng: Rng;
  /** How many digits of the shuffled order to train on: all of them (a whole epoch) by default. */
  readonly samples?: number;
  /** Called after the epoch with the mean cross-entropy over its samples. */
  readonly onEpoch: (loss: number) => void;
}

/**
 * One epoch of mini-batch SGD with softmax cross-entropy, in place on `mlp`: every training
 * digit once (or the first `run.samples` of them), in a seeded order, each under a condition
 * drawn by `run.pickCondition`.
 *
 * The fc1 gradient is never materialised: at the end of a batch the samples' (pixel, value) pairs
 * are bucketed by pixel and each pixel's weight row is updated from the batch's hidden-layer
 * gradients, eight samples per pass (the same register-friendly pattern as {@link forward}).
 */
export function sgdEpoch(mlp: Mlp, run: SgdRun): void {
  const { b1, w2, b2 } = mlp;
  const { labels, count } = run.train.clean;
  const scratches = Array.from({ length: BATCH_SIZE }, createScratch);
  const dHidden = new Float64Array(BATCH_SIZE * HIDDEN_SIZE);
  const counts = new Int32Array(BATCH_SIZE);
  const gb1 = new Float64Array(b1.length);
  const g2 = new Float64Array(w2.length);
  const gb2 = new Float64Array(b2.length);
  const probs = new Float64Array(DIGIT_CLASSES);
  const buckets = createBuckets();
  const order = permutation(run.orderRng, count);
  const samples = Math.min(count, run.samples ?? count);
  let lossSum = 0;
  for (let start = 0; start < samples; start += BATCH_SIZE) {
    const size = Math.min(BATCH_SIZE, samples - start);
    for (let b = 0; b < size; b++) {
      const index = order[start + b]!;
      const scratch = scratches[b]!;
      counts[b] = forward(mlp, run.train[run.pickCondition()].pixels, index, scratch);
      const { hidden, logits } = scratch;
      const label = labels[index]!;
      // Softmax cross-entropy: d loss / d logit = p − onehot(label).
      let max = logits[0]!;
      for (let c = 1; c < DIGIT_CLASSES; c++) max = Math.max(max, logits[c]!);
      let z = 0;
      for (let c = 0; c < DIGIT_CLASSES; c++) {
        const e = Math.exp(logits[c]! - max);
        probs[c] = e;
        z += e;
      }
      lossSum += Math.log(z) - (logits[label]! - max);
      for (let c = 0; c < DIGIT_CLASSES; c++) probs[c] = probs[c]! / z - (c === label ? 1 : 0);
      for (let c = 0; c < DIGIT_CLASSES; c++) {
        const d = probs[c]!;
        const row = c * HIDDEN_SIZE;
        gb2[c] = gb2[c]! + d;
        for (let j = 0; j < HIDDEN_SIZE; j++) {
          const h = hidden[j]!;
          if (h > 0) g2[row + j] = g2[row + j]! + d * h;
        }
      }
      const offset = b * HIDDEN_SIZE;
      for (let j = 0; j < HIDDEN_SIZE; j++) {
        let d = 0;
        if (hidden[j]! > 0) {
          for (let c = 0; c < DIGIT_CLASSES; c++) d += w2[c * HIDDEN_SIZE + j]! * probs[c]!;
          gb1[j] = gb1[j]! + d;
        }
        dHidden[offset + j] = d;
      }
    }
    const step = run.learningRate / size;
    stepFirstLayer(mlp, scratches, counts, dHidden, size, step, buckets);
    applyStep(b1, gb1, step);
    applyStep(w2, g2, step);
    applyStep(b2, gb2, step);
  }
  run.onEpoch(lossSum / samples);
}

/** Buffers of {@link stepFirstLayer}, allocated once per epoch. */
interface Buckets {
  /** Where each pixel's entries start (prefix sums of counts; one extra slot at the end). */
  readonly start: Int32Array;
  /** Write cursor per pixel while filling. */
  readonly cursor: Int32Array;
  /** Per entry: the sample's offset into the batch's hidden gradients. */
  readonly gradOffset: Int32Array;
  /** Per entry: the pixel's value (relative to the paper) in that sample. */
  readonly value: Float64Array;
  /** One pixel's weight-row gradient. */
  readonly acc: Float64Array;
  /** The pages' share of the gradient (paper level × hidden gradient), common to every pixel's row. */
  readonly pageGrad: Float64Array;
}

function createBuckets(): Buckets {
  return {
    start: new Int32Array(IMAGE_PIXELS + 1),
    cursor: new Int32Array(IMAGE_PIXELS),
    gradOffset: new Int32Array(BATCH_SIZE * IMAGE_PIXELS),
    value: new Float64Array(BATCH_SIZE * IMAGE_PIXELS),
    acc: new Float64Array(HIDDEN_SIZE),
    pageGrad: new Float64Array(HIDDEN_SIZE),
  };
}

/**
 * `w1t -= step · Σ_b x_b ⊗ dHidden_b` over the batch, pixel row by pixel row, refreshing
 * `w1Sums` in the same pass (pixel by pixel in index order, as `mlpFromTensors` sums them, so
 * training and evaluation see identical sums). Every sample's page (input `paper − PIXEL_MEAN` on all pixels)
 * adds that level times its hidden gradient to every row.
 */
function stepFirstLayer(mlp: Mlp, scratches: readonly Scratch[], counts: Int32Array, dHidden: Float64Array, size: number, step: number, buckets: Buckets): void {
  const { w1t, w1Sums } = mlp;
  const { start, cursor, gradOffset, value, acc, pageGrad } = buckets;
  const H = HIDDEN_SIZE;
  start.fill(0);
  pageGrad.fill(0);
  for (let b = 0; b < size; b++) {
    const { rows } = scratches[b]!;
    for (let k = 0; k < counts[b]!; k++) {
      const pixel = rows[k]! / H + 1;
      start[pixel] = start[pixel]! + 1;
    }
    const level = scratches[b]!.paper - PIXEL_MEAN;
    for (let j = 0; j < H; j++) pageGrad[j] = pageGrad[j]! + level * dHidden[b * H + j]!;
  }
  for (let i = 0; i < IMAGE_PIXELS; i++) start[i + 1] = start[i + 1]! + start[i]!;
  cursor.set(start.subarray(0, IMAGE_PIXELS));
  for (let b = 0; b < size; b++) {
    const { rows, values } = scratches[b]!;
    for (let k = 0; k < counts[b]!; k++) {
      const pixel = rows[k]! / H;
      const at = cursor[pixel]!;
      gradOffset[at] = b * H;
      value[at] = values[k]!;
      cursor[pixel] = at + 1;
    }
  }
  w1Sums.fill(0);
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    acc.set(pageGrad);
    const end = start[i + 1]!;
    let e = start[i]!;
    for (; e + 8 <= end; e += 8) {
      const o0 = gradOffset[e]!, o1 = gradOffset[e + 1]!, o2 = gradOffset[e + 2]!, o3 = gradOffset[e + 3]!;
      const o4 = gradOffset[e + 4]!, o5 = gradOffset[e + 5]!, o6 = gradOffset[e + 6]!, o7 = gradOffset[e + 7]!;
      const v0 = value[e]!, v1 = value[e + 1]!, v2 = value[e + 2]!, v3 = value[e + 3]!;
      const v4 = value[e + 4]!, v5 = value[e + 5]!, v6 = value[e + 6]!, v7 = value[e + 7]!;
      for (let j = 0; j < H; j++) {
        acc[j] =
          acc[j]! +
          (v0 * dHidden[o0 + j]! + v1 * dHidden[o1 + j]! + v2 * dHidden[o2 + j]! + v3 * dHidden[o3 + j]! +
            v4 * dHidden[o4 + j]! + v5 * dHidden[o5 + j]! + v6 * dHidden[o6 + j]! + v7 * dHidden[o7 + j]!);
      }
    }
    for (; e < end; e++) {
      const o = gradOffset[e]!;
      const v = value[e]!;
      for (let j = 0; j < H; j++) acc[j] = acc[j]! + v * dHidden[o + j]!;
    }
    const row = i * H;
    for (let j = 0; j < H; j++) {
      w1t[row + j] = w1t[row + j]! - step * acc[j]!;
      w1Sums[j] = w1Sums[j]! + w1t[row + j]!;
    }
  }
}

/** `param -= step · grad`, then clears the gradient for the next batch. */
function applyStep(param: Float32Array, grad: Float64Array, step: number): void {
  for (let i = 0; i < param.length; i++) {
    param[i] = param[i]! - step * grad[i]!;
    grad[i] = 0;
  }
}
