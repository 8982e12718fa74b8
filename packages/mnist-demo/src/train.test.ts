import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DEMO_CATEGORIES } from './categories.ts';
import { prepareDemoData, type DemoData } from './data.ts';
import { MnistDemoError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import { selectImages } from './images.ts';
import { loadMnist } from './mnist.ts';
import { TENSOR_NAMES, TENSOR_SHAPES } from './model.ts';
import { BASE_RECIPE, FINE_TUNE_RECIPES, LEADERBOARD_PEERS, trainCandidates, type TrainingProgress } from './train.ts';

const mnist = await loadMnist((url) => readFile(url, 'utf8'));
const small = prepareDemoData(mnist, { seed: 1, budget: 'small' });

/** `data` with only its first `n` training digits, to keep the determinism test quick. */
function fewTrainingDigits(data: DemoData, n: number): DemoData {
  const first = Array.from({ length: n }, (_, i) => i);
  const train = Object.fromEntries(DEMO_CATEGORIES.map((c) => [c, selectImages(data.train[c], first)])) as DemoData['train'];
  return { ...data, train };
}

test('training makes a base far above chance, heavy experts that beat it everywhere and light fine-tunes that stay near it', () => {
  // The real recipes (the peers aside), drawing their samples from 1,500 of the small budget's 4,000 digits.
  const progress: TrainingProgress[] = [];
  const recipes = { base: BASE_RECIPE, fineTunes: FINE_TUNE_RECIPES, peers: [] };
  const candidates = trainCandidates(fewTrainingDigits(small, 1500), { seed: 1, budget: 'small', recipes, onProgress: (p) => progress.push(p) });
  assert.deepEqual(candidates.map((c) => c.name), ['base', ...FINE_TUNE_RECIPES.map((r) => r.name)]);
  assert.ok(candidates.length >= 7);
  for (const c of candidates) {
    assert.ok(c.description.length > 10, c.name);
    assert.deepEqual(Object.keys(c.tensors), [...TENSOR_NAMES]);
    for (const name of TENSOR_NAMES) {
      assert.deepEqual(c.tensors[name]!.shape, TENSOR_SHAPES[name]);
      assert.ok(c.tensors[name]!.data.every(Number.isFinite), `${c.name} ${name}`);
    }
  }
  // One report per epoch, in order, with a loss that falls over the base's epochs.
  const base = progress.filter((p) => p.candidate === 'base');
  assert.deepEqual(base.map((p) => p.epoch), Array.from({ length: base.length }, (_, i) => i + 1));
  assert.ok(base.at(-1)!.loss < base[0]!.loss);
  assert.deepEqual([...new Set(progress.map((p) => p.index))], candidates.map((_, i) => i + 1));
  assert.ok(progress.every((p) => p.total === candidates.length && p.epoch <= p.epochs));

  const scores = Object.fromEntries(candidates.map((c) => [c.name, evaluate(c.tensors, small, 'dev')]));
  assert.ok(scores.base!.clean > 30, `base clean dev accuracy ${scores.base!.clean}`);
  assert.ok(scores['rot-expert']!.rotated > scores.base!.rotated);
  assert.ok(scores['shift-expert']!.shifted > scores.base!.shifted);
  assert.ok(scores['inv-expert']!.inverted > scores.base!.inverted);
  // What makes clean digits move with training across the pool: every heavy expert is better at
  // them than every light fine-tune.
  const heavy = ['rot-expert', 'inv-expert', 'shift-expert'];
  const light = FINE_TUNE_RECIPES.map((r) => r.name).filter((n) => !heavy.includes(n));
  assert.ok(Math.min(...heavy.map((n) => scores[n]!.clean)) > Math.max(...light.map((n) => scores[n]!.clean)), JSON.stringify(scores));
});

test('training is a function of the seed, and a recipe sees exactly its samples, passes cut short included', () => {
  // The real pool at a twentieth of its samples, on 200 digits: quick, and several passes each.
  const scaled = (r: typeof BASE_RECIPE) => ({ ...r, samples: r.samples / 20 });
  const recipes = { base: { ...BASE_RECIPE, samples: 200 }, fineTunes: FINE_TUNE_RECIPES.map(scaled), peers: LEADERBOARD_PEERS.map(scaled) };
  const data = fewTrainingDigits(small, 200);
  const passes: TrainingProgress[] = [];
  const a = trainCandidates(data, { seed: 1, budget: 'small', recipes, onProgress: (p) => passes.push(p) });
  const b = trainCandidates(data, { seed: 1, budget: 'small', recipes });
  assert.deepEqual(a, b);
  const other = fewTrainingDigits(prepareDemoData(mnist, { seed: 2, budget: 'small' }), 200);
  const c = trainCandidates(other, { seed: 2, budget: 'small', recipes });
  assert.notDeepEqual(c[0]!.tensors['fc1.weight']!.data, a[0]!.tensors['fc1.weight']!.data);
  // Base, the seven candidates, then their leaderboard peers: same recipes, other training orders.
  assert.deepEqual(a.map((m) => m.role), ['base', ...FINE_TUNE_RECIPES.map(() => 'candidate'), ...LEADERBOARD_PEERS.map(() => 'peer')]);
  assert.deepEqual(a.filter((m) => m.role === 'peer').map((m) => m.name), FINE_TUNE_RECIPES.map((r) => `${r.name}#2`));
  assert.notDeepEqual(a.find((m) => m.name === 'rot-expert#2')!.tensors, a.find((m) => m.name === 'rot-expert')!.tensors);
  // 600 samples of 200 digits: three whole passes; 200: one.
  assert.deepEqual(passes.filter((p) => p.candidate === 'rot-expert').map((p) => `${p.epoch}/${p.epochs}`), ['1/3', '2/3', '3/3']);
  assert.deepEqual(passes.filter((p) => p.candidate === 'all-light').map((p) => `${p.epoch}/${p.epochs}`), ['1/1']);
  const cut = trainCandidates(data, { seed: 1, budget: 'small', recipes: { base: { ...BASE_RECIPE, samples: 250 }, fineTunes: [], peers: [] }, onProgress: (p) => passes.push(p) });
  assert.deepEqual(passes.slice(-2).map((p) => `${p.epoch}/${p.epochs}`), ['1/2', '2/2'], '250 samples of 200 digits: a pass and a quarter');
  assert.notDeepEqual(cut[0]!.tensors, a[0]!.tensors);
});

test('options must match the data they train on', () => {
  assert.throws(() => trainCandidates(small, { seed: 2, budget: 'small' }), (e: unknown) => e instanceof MnistDemoError && /seed 1/.test(e.message));
  assert.throws(() => trainCandidates(small, { seed: 1, budget: 'full' }), (e: unknown) => e instanceof MnistDemoError && /budget 'small'/.test(e.message));
});
