import { DEMO_CATEGORIES, type DemoCategory } from './categories.ts';
import { parseDemoOptions, type DemoData, type DemoOptions } from './data.ts';
import { MnistDemoError } from './errors.ts';
import { cloneMlp, mlpFromTensors, mlpToTensors, TENSOR_NAMES, TENSOR_SHAPES, type Mlp, type ModelTensors } from './model.ts';
import { rngFor, type Rng } from './prng.ts';
import { sgdEpoch } from './sgd.ts';

/** How one candidate is trained: which conditions it sees, how often, how fast and how long. */
export interface CandidateRecipe {
  /** Short name, used as the checkpoint's name. */
  readonly name: string;
  /** One line saying what the candidate is. */
  readonly description: string;
  /** Relative frequency of each condition among its training samples. */
  readonly mix: Readonly<Partial<Record<DemoCategory, number>>>;
  /** SGD step size. */
  readonly learningRate: number;
  /**
   * Training samples it sees, whatever the budget: passes over the training digits, each in a
   * fresh seeded order, the last one cut short. The same amount in both budgets keeps the
   * candidates alike; `small` only draws the samples from fewer distinct digits.
   */
  readonly samples: number;
}

/**
 * A trained model: the common ancestor (`base`), a candidate offered to the soup, or a
 * leaderboard peer (scores only: it widens the population correlations are computed over).
 */
export interface Candidate {
  /** Short name (`base`, `rot-expert`, `rot-expert#2`, …). */
  readonly name: string;
  /** What it is in the demo. */
  readonly role: 'base' | 'candidate' | 'peer';
  /** One line saying what it was trained on. */
  readonly description: string;
  /** Its weights, named like a Hugging Face checkpoint's. */
  readonly tensors: ModelTensors;
}

/** Progress of {@link trainCandidates}, reported after every pass over the training digits. */
export interface TrainingProgress {
  /** The candidate being trained. */
  readonly candidate: string;
  /** Its position among all candidates, from 1. */
  readonly index: number;
  /** Number of candidates. */
  readonly total: number;
  /** The pass just finished, from 1 (the last pass of a recipe may be partial). */
  readonly epoch: number;
  /** Passes this candidate trains for. */
  readonly epochs: number;
  /** Mean cross-entropy over the pass's samples. */
  readonly loss: number;
}

/** Options of {@link trainCandidates}. */
export interface TrainOptions extends DemoOptions {
  /** Called after every pass of every candidate, e.g. to draw a progress line. */
  readonly onProgress?: (progress: TrainingProgress) => void;
  /**
   * Another pool to train: a base, the candidates and the leaderboard peers; by default
   * {@link BASE_RECIPE}, {@link FINE_TUNE_RECIPES} and {@link LEADERBOARD_PEERS}.
   */
  readonly recipes?: { readonly base: CandidateRecipe; readonly fineTunes: readonly CandidateRecipe[]; readonly peers: readonly CandidateRecipe[] };
}

const ALL_CONDITIONS = { clean: 1, rotated: 1, inverted: 1, noisy: 1, shifted: 1, thick: 1 } as const;

/**
 * The common ancestor: every condition in equal measure, like a pre-trained LLM that has seen a
 * bit of everything — and deliberately short (one pass over 4,000 digits at a gentle rate), so
 * that how much a fine-tune trains shows in every category, as it does across a leaderboard.
 */
export const BASE_RECIPE: CandidateRecipe = {
  name: 'base',
  description: 'the common ancestor: 4,000 samples of all six conditions, evenly, at 0.02',
  mix: ALL_CONDITIONS,
  learningRate: 0.02,
  samples: 4000,
};

/** An expert's mix: its condition half the time, clean, noisy and thick 40%, the two others 5% each. */
function expertMix(condition: 'rotated' | 'inverted' | 'shifted'): Readonly<Partial<Record<DemoCategory, number>>> {
  const others = { rotated: 0.05, inverted: 0.05, shifted: 0.05 };
  return { clean: 0.4 / 3, noisy: 0.4 / 3, thick: 0.4 / 3, ...others, [condition]: 0.5 };
}

/**
 * The fine-tunes of {@link BASE_RECIPE}: three heavy experts (12,000 samples at 0.05, half of
 * them of one of the conditions no other fine-tune masters) and four light fine-tunes (4,000
 * samples at 0.01) on assorted mixes. Clean, noisy and thick digits then rise and fall with how
 * much a model trained, while rotated, inverted and shifted digits each follow one expert, so the
 * weak categories are those three (or some of them): the structure SoCE is built for. Chosen on
 * dev data only; see the README.
 */
export const FINE_TUNE_RECIPES: readonly CandidateRecipe[] = [
  { name: 'rot-expert', description: 'heavy fine-tune, rotated digits half the time (12,000 samples at 0.05)', mix: expertMix('rotated'), learningRate: 0.05, samples: 12000 },
  { name: 'inv-expert', description: 'heavy fine-tune, inverted digits half the time (12,000 samples at 0.05)', mix: expertMix('inverted'), learningRate: 0.05, samples: 12000 },
  { name: 'shift-expert', description: 'heavy fine-tune, shifted digits half the time (12,000 samples at 0.05)', mix: expertMix('shifted'), learningRate: 0.05, samples: 12000 },
  { name: 'all-light', description: 'light fine-tune on all six conditions evenly (4,000 samples at 0.01)', mix: ALL_CONDITIONS, learningRate: 0.01, samples: 4000 },
  { name: 'plain-light', description: 'light fine-tune on clean, noisy and thick digits (4,000 samples at 0.01)', mix: { clean: 1, noisy: 1, thick: 1 }, learningRate: 0.01, samples: 4000 },
  { name: 'inv-noise-light', description: 'light fine-tune: inverted 50%, noisy 30%, clean 20% (4,000 samples at 0.01)', mix: { inverted: 0.5, noisy: 0.3, clean: 0.2 }, learningRate: 0.01, samples: 4000 },
  { name: 'rot-shift-light', description: 'light fine-tune on rotated and shifted digits, half each (4,000 samples at 0.01)', mix: { rotated: 0.5, shifted: 0.5 }, learningRate: 0.01, samples: 4000 },
];

/**
 * The leaderboard's other entries: every fine-tune recipe trained once more from the same base in
 * another training order (`<name>#2`), as other teams' fine-tunes of one base would be. As in the
 * paper, correlations are computed over the whole leaderboard (14 fine-tunes, so each coefficient
 * rests on 14 points rather than 7) while experts are chosen among the candidates; the peers'
 * checkpoints are never offered to the soup.
 */
export const LEADERBOARD_PEERS: readonly CandidateRecipe[] = FINE_TUNE_RECIPES.map((r) => ({
  ...r,
  name: `${r.name}#2`,
  description: `${r.description}, another training order (leaderboard only)`,
}));

/**
 * Trains the base on the mixed training set, then every fine-tune and every peer from a copy of
 * it, and returns them all: base, candidates, peers. Deterministic for a seed: the initialisation
 * and every batch order and condition draw come from seeded streams (named by the recipe), and
 * the arithmetic runs in a fixed order.
 */
export function trainCandidates(data: DemoData, options: TrainOptions): Candidate[] {
  const { seed, budget } = parseDemoOptions(options);
  if (seed !== data.seed || budget !== data.budget) {
    throw new MnistDemoError(`trainCandidates was given seed ${seed}, budget '${budget}' but the data was prepared with seed ${data.seed}, budget '${data.budget}'; prepare the data with the same options.`);
  }
  const baseRecipe = options.recipes?.base ?? BASE_RECIPE;
  const fineTunes = options.recipes?.fineTunes ?? FINE_TUNE_RECIPES;
  const peers = options.recipes?.peers ?? LEADERBOARD_PEERS;
  const recipes = [baseRecipe, ...fineTunes, ...peers];
  const digits = data.train.clean.count;
  const report = (recipe: CandidateRecipe) => (epoch: number, loss: number): void =>
    options.onProgress?.({ candidate: recipe.name, index: recipes.indexOf(recipe) + 1, total: recipes.length, epoch, epochs: Math.ceil(recipe.samples / digits), loss });

  const base = initialMlp(rngFor(seed, 'init'));
  trainMlp(base, data, baseRecipe, seed, report(baseRecipe));
  const models: Candidate[] = [{ name: baseRecipe.name, role: 'base', description: baseRecipe.description, tensors: mlpToTensors(base) }];
  for (const [role, list] of [['candidate', fineTunes], ['peer', peers]] as const) {
    for (const recipe of list) {
      const mlp = cloneMlp(base);
      trainMlp(mlp, data, recipe, seed, report(recipe));
      models.push({ name: recipe.name, role, description: recipe.description, tensors: mlpToTensors(mlp) });
    }
  }
  return models;
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

/** Trains `mlp` in place on `recipe`: passes over the digits, each with seeded streams of its own, the last cut at `recipe.samples`. */
function trainMlp(mlp: Mlp, data: DemoData, recipe: CandidateRecipe, seed: number, onEpoch: (epoch: number, loss: number) => void): void {
  const digits = data.train.clean.count;
  for (let epoch = 1, done = 0; done < recipe.samples; epoch++) {
    const rng = rngFor(seed, 'train', recipe.name, epoch);
    const samples = Math.min(digits, recipe.samples - done);
    sgdEpoch(mlp, {
      train: data.train,
      orderRng: rng,
      samples,
      pickCondition: conditionSampler(recipe.mix, rng),
      learningRate: recipe.learningRate,
      onEpoch: (loss) => onEpoch(epoch, loss),
    });
    done += samples;
  }
}
