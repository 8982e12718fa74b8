import { DEMO_CATEGORIES, type DemoCategory } from './categories.ts';
import { DEMO_BUDGETS, parseDemoOptions, type DemoData, type DemoOptions } from './data.ts';
import { MnistDemoError } from './errors.ts';
import { cloneMlp, mlpFromTensors, mlpToTensors, TENSOR_NAMES, TENSOR_SHAPES, type Mlp, type ModelTensors } from './model.ts';
import { rngFor, type Rng } from './prng.ts';
import { sgdEpoch } from './sgd.ts';

/** How one candidate is trained: which conditions it sees, how often, and how fast it learns. */
export interface CandidateRecipe {
  /** Short name, used as the checkpoint's name. */
  readonly name: string;
  /** One line saying what the candidate is. */
  readonly description: string;
  /** Relative frequency of each condition among its training samples. */
  readonly mix: Readonly<Partial<Record<DemoCategory, number>>>;
  /** SGD step size. */
  readonly learningRate: number;
}

/** A trained model offered to the soup. */
export interface Candidate {
  /** Short name (`base`, `rot-expert`, …). */
  readonly name: string;
  /** One line saying what it was trained on. */
  readonly description: string;
  /** Its weights, named like a Hugging Face checkpoint's. */
  readonly tensors: ModelTensors;
}

/** Progress of {@link trainCandidates}, reported after every epoch. */
export interface TrainingProgress {
  /** The candidate being trained. */
  readonly candidate: string;
  /** Its position among all candidates, from 1. */
  readonly index: number;
  /** Number of candidates. */
  readonly total: number;
  /** The epoch just finished, from 1. */
  readonly epoch: number;
  /** Epochs this candidate trains for. */
  readonly epochs: number;
  /** Mean cross-entropy over the epoch's samples. */
  readonly loss: number;
}

/** Options of {@link trainCandidates}. */
export interface TrainOptions extends DemoOptions {
  /** Called after every epoch of every candidate, e.g. to draw a progress line. */
  readonly onProgress?: (progress: TrainingProgress) => void;
}

/**
 * The common ancestor: every condition in equal measure, like a pre-trained LLM that has seen a
 * bit of everything. Fine-tunes stay close to it, which is what makes their weights averageable.
 */
export const BASE_RECIPE: CandidateRecipe = {
  name: 'base',
  description: 'the common ancestor: trained on an even mix of all six conditions',
  mix: { clean: 1, rotated: 1, inverted: 1, noisy: 1, shifted: 1, thick: 1 },
  learningRate: 0.1,
};

/**
 * The fine-tunes of {@link BASE_RECIPE}: one or two conditions each (some with clean digits mixed
 * in), at different step sizes. The three single-condition experts learn fast (0.08), the mixed
 * ones gently (0.03–0.05), so the pool holds both sharp specialists and near-base generalists, as
 * a leaderboard of LLM fine-tunes does. Chosen on dev data only; see the README.
 */
export const FINE_TUNE_RECIPES: readonly CandidateRecipe[] = [
  { name: 'rot-expert', description: 'fine-tuned on rotated digits (80%, rest clean) at a high rate', mix: { rotated: 0.8, clean: 0.2 }, learningRate: 0.08 },
  { name: 'inv-expert', description: 'fine-tuned on colour-inverted digits (80%, rest clean) at a high rate', mix: { inverted: 0.8, clean: 0.2 }, learningRate: 0.08 },
  { name: 'shift-expert', description: 'fine-tuned on shifted digits (80%, rest clean) at a high rate', mix: { shifted: 0.8, clean: 0.2 }, learningRate: 0.08 },
  { name: 'noise-thick', description: 'fine-tuned on noisy and thick-stroked digits (35% each, rest clean)', mix: { clean: 0.3, noisy: 0.35, thick: 0.35 }, learningRate: 0.05 },
  { name: 'rot-shift', description: 'fine-tuned gently on rotated and shifted digits (half each)', mix: { rotated: 0.5, shifted: 0.5 }, learningRate: 0.03 },
  { name: 'inv-noise', description: 'fine-tuned gently on inverted (50%) and noisy (30%) digits, rest clean', mix: { inverted: 0.5, noisy: 0.3, clean: 0.2 }, learningRate: 0.03 },
  { name: 'thick-clean', description: 'fine-tuned gently on thick-stroked and clean digits (half each)', mix: { thick: 0.5, clean: 0.5 }, learningRate: 0.03 },
];

/**
 * Trains the base on the mixed training set, then every fine-tune from a copy of it, and returns
 * them all (base first). Deterministic for a seed: the initialisation and every batch order and
 * condition draw come from seeded streams, and the arithmetic runs in a fixed order.
 */
export function trainCandidates(data: DemoData, options: TrainOptions): Candidate[] {
  const { seed, budget } = parseDemoOptions(options);
  if (seed !== data.seed || budget !== data.budget) {
    throw new MnistDemoError(`trainCandidates was given seed ${seed}, budget '${budget}' but the data was prepared with seed ${data.seed}, budget '${data.budget}'; prepare the data with the same options.`);
  }
  const settings = DEMO_BUDGETS[budget];
  const recipes = [BASE_RECIPE, ...FINE_TUNE_RECIPES];
  const report = (recipe: CandidateRecipe, epochs: number) => (epoch: number, loss: number): void =>
    options.onProgress?.({ candidate: recipe.name, index: recipes.indexOf(recipe) + 1, total: recipes.length, epoch, epochs, loss });

  const base = initialMlp(rngFor(seed, 'init'));
  trainMlp(base, data, BASE_RECIPE, settings.baseEpochs, seed, report(BASE_RECIPE, settings.baseEpochs));
  const candidates: Candidate[] = [{ name: BASE_RECIPE.name, description: BASE_RECIPE.description, tensors: mlpToTensors(base) }];
  for (const recipe of FINE_TUNE_RECIPES) {
    const mlp = cloneMlp(base);
    trainMlp(mlp, data, recipe, settings.fineTuneEpochs, seed, report(recipe, settings.fineTuneEpochs));
    candidates.push({ name: recipe.name, description: recipe.description, tensors: mlpToTensors(mlp) });
  }
  return candidates;
}

/**
 * PyTorch's default `nn.Linear` initialisation: weights and biases uniform in ±1/√fan_in, drawn
 * tensor by tensor in checkpoint order and layout.
 */
function initialMlp(rng: Rng): Mlp {
  const tensors: ModelTensors = {};
  for (const name of TENSOR_NAMES) {
    const shape = [...TENSOR_SHAPES[name]];
    const fanIn = name.startsWith('fc1') ? TENSOR_SHAPES['fc1.weight'][1]! : TENSOR_SHAPES['fc2.weight'][1]!;
    const bound = 1 / Math.sqrt(fanIn);
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (2 * rng() - 1) * bound;
    tensors[name] = { shape, data };
  }
  return mlpFromTensors(tensors, 'the initial model');
}

/** Picks a condition for each sample with the recipe's frequencies. */
function conditionSampler(mix: CandidateRecipe['mix'], rng: Rng): () => DemoCategory {
  const entries = DEMO_CATEGORIES.flatMap((c) => (mix[c] ?? 0) > 0 ? [[c, mix[c]!] as const] : []);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return () => {
    let r = rng() * total;
    for (const [c, w] of entries) {
      r -= w;
      if (r < 0) return c;
    }
    return entries[entries.length - 1]![0];
  };
}

/** Trains `mlp` in place on `recipe` for `epochs` epochs, each with seeded streams of its own. */
function trainMlp(mlp: Mlp, data: DemoData, recipe: CandidateRecipe, epochs: number, seed: number, onEpoch: (epoch: number, loss: number) => void): void {
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const rng = rngFor(seed, 'train', recipe.name, epoch);
    sgdEpoch(mlp, {
      train: data.train,
      orderRng: rng,
      pickCondition: conditionSampler(recipe.mix, rng),
      learningRate: recipe.learningRate,
      onEpoch: (loss) => onEpoch(epoch, loss),
    });
  }
}
