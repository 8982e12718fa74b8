import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { MnistDemoError } from './errors.ts';
import { IMAGE_PIXELS } from './images.ts';
import { loadMnist, MNIST_IMAGES } from './mnist.ts';

test('loadMnist reads the 10,000 real digits of the mnist package (MNIST training images) as bytes', async () => {
  const mnist = await loadMnist((url) => readFile(url, 'utf8'));
  assert.equal(mnist.count, MNIST_IMAGES);
  assert.equal(mnist.pixels.length, MNIST_IMAGES * IMAGE_PIXELS);
  const perDigit = Array.from({ length: 10 }, (_, d) => mnist.labels.filter((l) => l === d).length);
  // The class counts of the first 10,000 images of MNIST's training set (the test set's are
  // 980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009): the package ships training digits.
  assert.deepEqual(perDigit, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  // Real digits: dark paper, some full-ink pixels, a fifth or so of the pixels inked.
  const inked = mnist.pixels.reduce((n, v) => n + (v > 0 ? 1 : 0), 0) / mnist.pixels.length;
  assert.ok(inked > 0.1 && inked < 0.3, `inked share ${inked}`);
  assert.ok(mnist.pixels.includes(255));
});

test('loadMnist names the file and the fix when the package is missing or damaged', async () => {
  await assert.rejects(
    loadMnist(() => Promise.reject(new Error('ENOENT'))),
    (e: unknown) => e instanceof MnistDemoError && e.name === 'MnistDemoError' && /digits\/0\.json/.test(e.message) && /npm install/.test(e.message),
  );
  await assert.rejects(loadMnist(() => Promise.resolve('{ "data": [0.5, ')), (e: unknown) => e instanceof MnistDemoError && /not valid JSON/.test(e.message));
  await assert.rejects(loadMnist(() => Promise.resolve('{ "data": [0.5, 0.25] }')), (e: unknown) => e instanceof MnistDemoError && /multiple of 784/.test(e.message));
  await assert.rejects(loadMnist(() => Promise.resolve('{ "pixels": [] }')), (e: unknown) => e instanceof MnistDemoError && /data/.test(e.message));
  const outOfRange = JSON.stringify({ data: Array.from({ length: IMAGE_PIXELS }, (_, i) => (i === 3 ? 2 : 0)) });
  await assert.rejects(loadMnist(() => Promise.resolve(outOfRange)), (e: unknown) => e instanceof MnistDemoError && /pixel 3/.test(e.message));
});
