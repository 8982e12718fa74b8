import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MnistDemoError } from './errors.ts';
import { DIGIT_CLASSES, IMAGE_PIXELS } from './images.ts';
import { createScratch, forward, HIDDEN_SIZE, MODEL_CONFIG, mlpFromTensors, mlpToTensors, PIXEL_MEAN, TENSOR_SHAPES, type ModelTensors } from './model.ts';
import { randomTensors } from '../test-fixtures/random_tensors.ts';

/** The range of the random weights these tests use. */
const SPREAD = 0.2;

/** The MLP written the plain way, from the checkpoint layout: relu(x·W1ᵀ + b1)·W2ᵀ + b2. */
function naiveLogits(t: ModelTensors, pixels: Uint8Array): number[] {
  const w1 = t['fc1.weight']!.data, b1 = t['fc1.bias']!.data, w2 = t['fc2.weight']!.data, b2 = t['fc2.bias']!.data;
  const hidden = Array.from({ length: HIDDEN_SIZE }, (_, j) => {
    let s = b1[j]!;
    for (let i = 0; i < IMAGE_PIXELS; i++) s += w1[j * IMAGE_PIXELS + i]! * (pixels[i]! / 255 - PIXEL_MEAN);
    return Math.max(0, s);
  });
  return Array.from({ length: DIGIT_CLASSES }, (_, c) => hidden.reduce((s, h, j) => s + w2[c * HIDDEN_SIZE + j]! * h, b2[c]!));
}

test('forward computes the plain MLP, on dark paper and on white paper', () => {
  const tensors = randomTensors(1, SPREAD);
  const mlp = mlpFromTensors(tensors, 'test model');
  const scratch = createScratch();
  fc.assert(
    fc.property(fc.uint8Array({ minLength: IMAGE_PIXELS, maxLength: IMAGE_PIXELS }), fc.boolean(), (raw, white) => {
      // Mostly paper, like a digit: dark (0) or white (255) with ink strokes.
      const pixels = raw.map((v) => (v < 200 ? (white ? 255 : 0) : v));
      forward(mlp, pixels, 0, scratch);
      const expected = naiveLogits(tensors, pixels);
      expected.forEach((e, c) => assert.ok(Math.abs(e - scratch.logits[c]!) < 1e-9, `logit ${c}: ${e} vs ${scratch.logits[c]}`));
    }),
    { numRuns: 30 },
  );
});

test('tensors survive the round trip through the internal layout unchanged', () => {
  const tensors = randomTensors(2, SPREAD);
  assert.deepEqual(mlpToTensors(mlpFromTensors(tensors, 'x')), tensors);
});

test('MODEL_CONFIG describes the tensors', () => {
  assert.deepEqual(TENSOR_SHAPES['fc1.weight'], [MODEL_CONFIG.hidden_size, MODEL_CONFIG.input_size]);
  assert.deepEqual(TENSOR_SHAPES['fc2.weight'], [MODEL_CONFIG.num_labels, MODEL_CONFIG.hidden_size]);
  assert.equal(MODEL_CONFIG.input_size, MODEL_CONFIG.image_size ** 2);
  assert.equal(MODEL_CONFIG.pixel_mean, PIXEL_MEAN);
  assert.equal(Object.keys(MODEL_CONFIG.id2label).length, MODEL_CONFIG.num_labels);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(MODEL_CONFIG)));
});

test('tensors that are not the MLP are rejected with the tensor named', () => {
  const good = randomTensors(3, SPREAD);
  const expectError = (tensors: ModelTensors, pattern: RegExp): void =>
    assert.throws(() => mlpFromTensors(tensors, 'ckpt/rot.safetensors'), (e: unknown) => e instanceof MnistDemoError && /ckpt\/rot\.safetensors/.test(e.message) && pattern.test(e.message));
  const { 'fc2.bias': _dropped, ...missing } = good;
  expectError(missing, /lacks tensor fc2\.bias/);
  expectError({ ...good, 'fc1.weight': { shape: [IMAGE_PIXELS, HIDDEN_SIZE], data: good['fc1.weight']!.data } }, /fc1\.weight has shape \[784, 128\].*\[128, 784\]/);
  expectError({ ...good, 'fc1.bias': { shape: [HIDDEN_SIZE], data: new Float32Array(3) } }, /fc1\.bias must carry 128 float32 values/);
  expectError({ ...good, 'fc3.weight': { shape: [1], data: new Float32Array(1) } }, /fc3\.weight/);
  const f64 = { shape: [DIGIT_CLASSES], data: new Float64Array(DIGIT_CLASSES) as unknown as Float32Array };
  expectError({ ...good, 'fc2.bias': f64 }, /Float32Array/);
});
