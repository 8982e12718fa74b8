import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DEMO_CATEGORIES } from './categories.ts';
import { prepareDemoData } from './data.ts';
import { MnistDemoError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import { loadMnist } from './mnist.ts';
import type { ModelTensors } from './model.ts';
import { soupTensors } from './soup.ts';
import { randomTensors } from '../test-fixtures/random_tensors.ts';

/** The range of the random weights these tests use. */
const SPREAD = 0.1;

const data = prepareDemoData(await loadMnist((url) => readFile(url, 'utf8')), { seed: 2, budget: 'small' });

/** A model that always answers `digit`: every logit but that one's bias is zero. */
function constantModel(digit: number): ModelTensors {
  const tensors = randomTensors(0, SPREAD);
  for (const t of Object.values(tensors)) t.data.fill(0);
  tensors['fc2.bias']!.data[digit] = 1;
  return tensors;
}

test('evaluate gives an accuracy in percent for every category of the split', () => {
  for (const split of ['dev', 'test'] as const) {
    const scores = evaluate(randomTensors(1, SPREAD), data, split);
    assert.deepEqual(Object.keys(scores), [...DEMO_CATEGORIES]);
    for (const c of DEMO_CATEGORIES) assert.ok(scores[c] >= 0 && scores[c] <= 100, `${c}: ${scores[c]}`);
  }
});

test('a model that always says 7 scores the share of sevens in each category', () => {
  const scores = evaluate(constantModel(7), data, 'dev');
  const labels = data.dev.clean.labels;
  const sevens = (100 * labels.filter((l) => l === 7).length) / labels.length;
  for (const c of DEMO_CATEGORIES) assert.equal(scores[c], sevens);
});

test('a soup of identical models scores exactly like the model', () => {
  const m = randomTensors(4, SPREAD);
  const soup = soupTensors([m, m, m], [0.2, 0.3, 0.5]);
  assert.deepEqual(soup, m);
  assert.deepEqual(evaluate(soup, data, 'dev'), evaluate(m, data, 'dev'));
});

test('evaluate rejects tensors of another model, naming where they came from', () => {
  const { 'fc1.weight': _w, ...noFc1 } = randomTensors(5, SPREAD);
  assert.throws(() => evaluate(noFc1, data, 'dev', 'soups/0007'), (e: unknown) => e instanceof MnistDemoError && /soups\/0007 lacks tensor fc1\.weight/.test(e.message));
});
