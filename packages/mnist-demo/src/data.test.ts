import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DEMO_CATEGORIES } from './categories.ts';
import { DEMO_BUDGETS, prepareDemoData } from './data.ts';
import { MnistDemoError } from './errors.ts';
import { IMAGE_PIXELS } from './images.ts';
import { loadMnist } from './mnist.ts';

const mnist = await loadMnist((url) => readFile(url, 'utf8'));
const small = prepareDemoData(mnist, { seed: 3, budget: 'small' });
const full = prepareDemoData(mnist, { seed: 3, budget: 'full' });

test('train, dev and test never share a digit, and have the budget sizes', () => {
  for (const data of [small, full]) {
    const budget = data.budget;
    const { train, dev, test: testSplit } = data.sources;
    const settings = DEMO_BUDGETS[budget];
    assert.equal(train.length, settings.trainImages);
    assert.equal(dev.length, settings.devImages);
    assert.equal(testSplit.length, settings.testImages);
    const all = [...train, ...dev, ...testSplit];
    assert.equal(new Set(all).size, all.length);
    for (const c of DEMO_CATEGORIES) {
      assert.equal(data.dev[c].count, settings.devImages);
      assert.equal(data.test[c].pixels.length, settings.testImages * IMAGE_PIXELS);
      assert.equal(data.train[c].count, settings.trainImages);
      // Every category holds the same digits (same labels), under its own condition.
      assert.deepEqual(data.dev[c].labels, data.dev.clean.labels);
    }
    assert.deepEqual(data.dev.clean.labels, Uint8Array.from(dev, (i) => mnist.labels[i]!));
  }
});

test('the small splits are subsets of the full ones for one seed', () => {
  for (const split of ['train', 'dev', 'test'] as const) {
    const fullSet = new Set(full.sources[split]);
    assert.ok(small.sources[split].every((i) => fullSet.has(i)), split);
  }
});

test('the data is a function of the seed', () => {
  const a = small;
  const b = prepareDemoData(mnist, { seed: 3, budget: 'small' });
  const c = prepareDemoData(mnist, { seed: 4, budget: 'small' });
  for (const cat of DEMO_CATEGORIES) assert.deepEqual(a.dev[cat].pixels, b.dev[cat].pixels);
  assert.notDeepEqual(a.sources.test, c.sources.test);
  assert.notDeepEqual(a.dev.noisy.pixels, c.dev.noisy.pixels);
});

test('each condition changes the digits, except clean', () => {
  const data = small;
  const clean = Uint8Array.from(data.dev.clean.pixels);
  assert.deepEqual(data.dev.clean.pixels, Uint8Array.from(Array.from(data.sources.dev).flatMap((i) => [...mnist.pixels.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS)])));
  for (const c of DEMO_CATEGORIES.filter((c) => c !== 'clean')) {
    const changed = data.dev[c].pixels.reduce((n, v, i) => n + (v !== clean[i] ? 1 : 0), 0) / clean.length;
    assert.ok(changed > 0.05, `${c} changed ${changed}`);
  }
  const meanInk = (p: Uint8Array): number => p.reduce((s, v) => s + v, 0) / p.length;
  assert.ok(meanInk(data.dev.inverted.pixels) > 128 && meanInk(clean) < 64);
  assert.ok(meanInk(data.dev.thick.pixels) > meanInk(clean));
});

test('bad options and too few images are MnistDemoErrors naming the field', () => {
  assert.throws(() => prepareDemoData(mnist, { seed: -1, budget: 'small' }), (e: unknown) => e instanceof MnistDemoError && /seed/.test(e.message));
  assert.throws(() => prepareDemoData(mnist, { seed: 1.5, budget: 'small' }), MnistDemoError);
  // @ts-expect-error -- a budget the type system rules out, as untyped callers could pass it
  assert.throws(() => prepareDemoData(mnist, { seed: 1, budget: 'huge' }), (e: unknown) => e instanceof MnistDemoError && /budget/.test(e.message));
  const few = { pixels: mnist.pixels.subarray(0, 100 * IMAGE_PIXELS), labels: mnist.labels.subarray(0, 100), count: 100 };
  assert.throws(() => prepareDemoData(few, { seed: 1, budget: 'small' }), (e: unknown) => e instanceof MnistDemoError && /holds 100 images/.test(e.message));
});
