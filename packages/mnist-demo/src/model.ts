import { MnistDemoError } from './errors.ts';
import { DIGIT_CLASSES, IMAGE_PIXELS } from './images.ts';

/** Width of the MLP's hidden layer. */
export const HIDDEN_SIZE = 128;

/**
 * The demo model's `config.json`, in the Hugging Face style, so the checkpoints the demo writes
 * look like (tiny) fine-tunes of one model: `fc1` (784 → 128, ReLU) then `fc2` (128 → 10 logits).
 * The input is `byte × pixel_scale − pixel_mean`, one value per pixel, row by row.
 */
export const MODEL_CONFIG: {
  readonly architectures: readonly ['MnistMlp'];
  readonly model_type: 'mnist-mlp';
  readonly input_size: number;
  readonly hidden_size: number;
  readonly num_hidden_layers: 1;
  readonly hidden_act: 'relu';
  readonly num_labels: number;
  readonly image_size: 28;
  readonly pixel_scale: number;
  readonly pixel_mean: number;
  readonly id2label: Readonly<Record<string, string>>;
  readonly label2id: Readonly<Record<string, number>>;
  readonly torch_dtype: 'float32';
} = {
  architectures: ['MnistMlp'],
  model_type: 'mnist-mlp',
  input_size: IMAGE_PIXELS,
  hidden_size: HIDDEN_SIZE,
  num_hidden_layers: 1,
  hidden_act: 'relu',
  num_labels: DIGIT_CLASSES,
  image_size: 28,
  pixel_scale: 1 / 255,
  pixel_mean: 0.5,
  id2label: Object.fromEntries(Array.from({ length: DIGIT_CLASSES }, (_, d) => [String(d), String(d)])),
  label2id: Object.fromEntries(Array.from({ length: DIGIT_CLASSES }, (_, d) => [String(d), d])),
  torch_dtype: 'float32',
};

/** The MLP's tensor names, in the order a checkpoint lists them. */
export const TENSOR_NAMES = ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'] as const;

/** One of {@link TENSOR_NAMES}. */
export type TensorName = (typeof TENSOR_NAMES)[number];

/** Each tensor's shape; weights are `[out, in]`, as PyTorch's `nn.Linear` stores them. */
export const TENSOR_SHAPES: Readonly<Record<TensorName, readonly number[]>> = {
  'fc1.weight': [HIDDEN_SIZE, IMAGE_PIXELS],
  'fc1.bias': [HIDDEN_SIZE],
  'fc2.weight': [DIGIT_CLASSES, HIDDEN_SIZE],
  'fc2.bias': [DIGIT_CLASSES],
};

/** A float32 tensor: row-major `data` of `shape`. */
export interface Tensor {
  /** Dimensions, outermost first. */
  shape: number[];
  /** The values, row-major. */
  data: Float32Array;
}

/** A model's weights by tensor name, as a checkpoint holds them. */
export type ModelTensors = Record<string, Tensor>;

/** A model's tensors as accepted from outside (e.g. decoded from a checkpoint): read-only views. */
export type ModelTensorsInput = Readonly<Record<string, { readonly shape: readonly number[]; readonly data: Float32Array }>>;

/**
 * The MLP's parameters as flat float32 arrays. `w1t` is `fc1.weight` transposed to input-major
 * `[784, 128]`: each pixel's 128 weights are contiguous, so a pixel adds into the hidden layer with
 * one unit-stride loop and background pixels are skipped outright.
 */
export interface Mlp {
  /** `fc1.weight` transposed, `[784, 128]` row-major. */
  readonly w1t: Float32Array;
  /**
   * Per hidden unit, the sum of its 784 input weights: the response to a blank page, which lets
   * {@link forward} treat an image as blank paper plus a few pixels that differ from it. Whoever
   * writes `w1t` keeps it current (the SGD step refreshes it in its update pass).
   */
  readonly w1Sums: Float64Array;
  /** `fc1.bias`, `[128]`. */
  readonly b1: Float32Array;
  /** `fc2.weight`, `[10, 128]` row-major. */
  readonly w2: Float32Array;
  /** `fc2.bias`, `[10]`. */
  readonly b2: Float32Array;
}

/** `rows × cols` row-major `data` transposed to `cols × rows`. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

/**
 * The MLP held by `tensors`, after checking it is exactly the demo's model: the four tensors,
 * their shapes, float32 data of the right length. `where` names the model in error messages.
 * `fc2` and the biases are the checkpoint's own arrays (read, never written); `fc1` is a transposed copy.
 */
export function mlpFromTensors(tensors: ModelTensorsInput, where: string): Mlp {
  const names = Object.keys(tensors);
  const unexpected = names.filter((n) => !(TENSOR_NAMES as readonly string[]).includes(n));
  if (unexpected.length > 0) {
    throw new MnistDemoError(`${where} has tensor(s) ${unexpected.join(', ')} that the MNIST MLP does not; it expects exactly ${TENSOR_NAMES.join(', ')}. Is this a checkpoint of the MNIST demo?`);
  }
  const take = (name: TensorName): Float32Array => {
    const tensor = tensors[name];
    const shape = TENSOR_SHAPES[name];
    if (tensor === undefined) {
      throw new MnistDemoError(`${where} lacks tensor ${name} [${shape.join(', ')}]; the MNIST MLP needs ${TENSOR_NAMES.join(', ')}.`);
    }
    if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
      throw new MnistDemoError(`${where}: tensor ${name} has shape [${tensor.shape.join(', ')}], the MNIST MLP expects [${shape.join(', ')}] (weights are [out, in], as PyTorch's nn.Linear stores them).`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (!(tensor.data instanceof Float32Array) || tensor.data.length !== size) {
      throw new MnistDemoError(`${where}: tensor ${name} must carry ${size} float32 values in a Float32Array; decode bf16/f16 checkpoints to float32 first.`);
    }
    return tensor.data;
  };
  return withWeightSums(transpose(take('fc1.weight'), HIDDEN_SIZE, IMAGE_PIXELS), take('fc1.bias'), take('fc2.weight'), take('fc2.bias'));
}

/** An {@link Mlp} of the given arrays, its `w1Sums` computed. */
function withWeightSums(w1t: Float32Array, b1: Float32Array, w2: Float32Array, b2: Float32Array): Mlp {
  const mlp = { w1t, w1Sums: new Float64Array(HIDDEN_SIZE), b1, w2, b2 };
  refreshWeightSums(mlp);
  return mlp;
}

/** Recomputes `mlp.w1Sums` from `mlp.w1t`, pixel by pixel in index order. */
function refreshWeightSums(mlp: Mlp): void {
  const { w1t, w1Sums } = mlp;
  w1Sums.fill(0);
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    const row = i * HIDDEN_SIZE;
    for (let j = 0; j < HIDDEN_SIZE; j++) w1Sums[j] = w1Sums[j]! + w1t[row + j]!;
  }
}

/** `mlp`'s parameters as named tensors (copies, so later training cannot alter them). */
export function mlpToTensors(mlp: Mlp): ModelTensors {
  const tensor = (name: TensorName, data: Float32Array): Tensor => ({ shape: [...TENSOR_SHAPES[name]], data: data.slice() });
  return {
    'fc1.weight': tensor('fc1.weight', transpose(mlp.w1t, IMAGE_PIXELS, HIDDEN_SIZE)),
    'fc1.bias': tensor('fc1.bias', mlp.b1),
    'fc2.weight': tensor('fc2.weight', mlp.w2),
    'fc2.bias': tensor('fc2.bias', mlp.b2),
  };
}

/** A deep copy of `mlp`, the starting point of a fine-tune. */
export function cloneMlp(mlp: Mlp): Mlp {
  return { w1t: mlp.w1t.slice(), w1Sums: mlp.w1Sums.slice(), b1: mlp.b1.slice(), w2: mlp.w2.slice(), b2: mlp.b2.slice() };
}

/** Scratch buffers for one forward (and backward) pass, allocated once per training or evaluation run. */
export interface Scratch {
  /**
   * The image's paper: 0 when it is mostly black (a digit as scanned), 1 when mostly white (an
   * inverted digit). The model's input is `paper − PIXEL_MEAN` everywhere plus `values` at `rows`.
   */
  paper: 0 | 1;
  /** Row offsets in `w1t` (pixel index × 128) of the pixels that differ from the paper. */
  readonly rows: Int32Array;
  /** Their difference from the paper, scaled to [−1, 1]. */
  readonly values: Float64Array;
  /** Hidden pre-activations. */
  readonly hidden: Float64Array;
  /** Output logits. */
  readonly logits: Float64Array;
}

/** Fresh scratch buffers. */
export function createScratch(): Scratch {
  return {
    paper: 0,
    rows: new Int32Array(IMAGE_PIXELS),
    values: new Float64Array(IMAGE_PIXELS),
    hidden: new Float64Array(HIDDEN_SIZE),
    logits: new Float64Array(DIGIT_CLASSES),
  };
}

const PIXEL_SCALE = 1 / 255;

/**
 * Subtracted from every pixel (in [0, 1]). Centred inputs make dark and white paper (clean and
 * inverted digits) equally large inputs, so the base learns both instead of whichever dominates
 * the gradient; with raw [0, 1] inputs the base's skill on inverted digits swung from 10% to 70%
 * between seeds.
 */
export const PIXEL_MEAN = 0.5;

/**
 * Runs the MLP on image `index` of `pixels`, leaving hidden pre-activations and logits in
 * `scratch`; returns how many pixels differ from the paper (their rows and values stay in
 * `scratch` for the backward pass). Paper pixels cost nothing (the page is added at once through
 * `w1Sums`), and eight pixels are added per pass over the hidden layer, which keeps the
 * accumulator in registers: together ~3× faster than a plain dot product per hidden unit, in a
 * fixed order, so results stay reproducible.
 */
export function forward(mlp: Mlp, pixels: Uint8Array, index: number, scratch: Scratch): number {
  const { rows, values, hidden, logits } = scratch;
  const { w1t, w1Sums, b1, w2, b2 } = mlp;
  const H = HIDDEN_SIZE;
  const base = index * IMAGE_PIXELS;
  let white = 0;
  for (let i = 0; i < IMAGE_PIXELS; i++) if (pixels[base + i] === 255) white++;
  const paper = 2 * white > IMAGE_PIXELS ? 1 : 0;
  const paperValue = 255 * paper;
  scratch.paper = paper;
  let n = 0;
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    const v = pixels[base + i]!;
    if (v !== paperValue) {
      rows[n] = i * H;
      values[n] = (v - paperValue) * PIXEL_SCALE;
      n++;
    }
  }
  const level = paper - PIXEL_MEAN;
  for (let j = 0; j < H; j++) hidden[j] = b1[j]! + level * w1Sums[j]!;
  let k = 0;
  for (; k + 8 <= n; k += 8) {
    const r0 = rows[k]!, r1 = rows[k + 1]!, r2 = rows[k + 2]!, r3 = rows[k + 3]!;
    const r4 = rows[k + 4]!, r5 = rows[k + 5]!, r6 = rows[k + 6]!, r7 = rows[k + 7]!;
    const v0 = values[k]!, v1 = values[k + 1]!, v2 = values[k + 2]!, v3 = values[k + 3]!;
    const v4 = values[k + 4]!, v5 = values[k + 5]!, v6 = values[k + 6]!, v7 = values[k + 7]!;
    for (let j = 0; j < H; j++) {
      hidden[j] =
        hidden[j]! +
        (v0 * w1t[r0 + j]! + v1 * w1t[r1 + j]! + v2 * w1t[r2 + j]! + v3 * w1t[r3 + j]! +
          v4 * w1t[r4 + j]! + v5 * w1t[r5 + j]! + v6 * w1t[r6 + j]! + v7 * w1t[r7 + j]!);
    }
  }
  for (; k < n; k++) {
    const r = rows[k]!;
    const v = values[k]!;
    for (let j = 0; j < H; j++) hidden[j] = hidden[j]! + v * w1t[r + j]!;
  }
  for (let c = 0; c < DIGIT_CLASSES; c++) {
    const row = c * H;
    let s = b2[c]!;
    for (let j = 0; j < H; j++) {
      const h = hidden[j]!;
      if (h > 0) s += w2[row + j]! * h;
    }
    logits[c] = s;
  }
  return n;
}

/** The index of the largest logit (the lowest digit on ties). */
export function argmax(logits: Float64Array): number {
  let best = 0;
  for (let c = 1; c < logits.length; c++) if (logits[c]! > logits[best]!) best = c;
  return best;
}
