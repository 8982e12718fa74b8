import { z } from 'zod';
import { DEMO_CATEGORIES, conditionImages, type DemoCategory } from './categories.ts';
import { MnistDemoError } from './errors.ts';
import { selectImages, type LabelledImages } from './images.ts';
import { permutation, rngFor } from './prng.ts';

/** How much work the demo does: `small` for a quick look (about a minute end to end on 2 cores), `full` for the real run. */
export const DEMO_BUDGET_NAMES = ['small', 'full'] as const;

/** One of {@link DEMO_BUDGET_NAMES}. */
export type DemoBudget = (typeof DEMO_BUDGET_NAMES)[number];

/** The held-out splits models are scored on: `dev` to choose (experts, weights), `test` to report. */
export type DemoSplit = 'dev' | 'test';

/** Sizes and schedule of one budget. */
export interface BudgetSettings {
  /** Training images (each available under every condition). */
  readonly trainImages: number;
  /** Dev images per category (the same digits under each category's condition). */
  readonly devImages: number;
  /** Test images per category (the same digits under each category's condition). */
  readonly testImages: number;
}

/**
 * The budgets. The splits are carved from fixed offsets of one seeded order of the 10,000 digits
 * (test from 0, dev from 2,000, train from 4,000), so a small split is a subset of the full one and
 * no digit is ever in two splits.
 */
export const DEMO_BUDGETS: Readonly<Record<DemoBudget, BudgetSettings>> = {
  small: { trainImages: 4000, devImages: 500, testImages: 500 },
  full: { trainImages: 6000, devImages: 1000, testImages: 2000 },
};

const TEST_OFFSET = 0;
const DEV_OFFSET = 2000;
const TRAIN_OFFSET = 4000;

/** Options of {@link prepareDemoData} and {@link trainCandidates}. */
export interface DemoOptions {
  /** Seed of every random choice (splits, conditions, initialisation, batch order); a uint32. */
  readonly seed: number;
  /** How much work to do. */
  readonly budget: DemoBudget;
}

/** Every image the demo uses, precomputed once under every condition. */
export interface DemoData {
  /** The seed the data was prepared with; training derives its streams from it too. */
  readonly seed: number;
  /** The budget the data was prepared for. */
  readonly budget: DemoBudget;
  /** The training digits under each condition (same digits, same order, in every category). */
  readonly train: Readonly<Record<DemoCategory, LabelledImages>>;
  /** Each category's dev set. */
  readonly dev: Readonly<Record<DemoCategory, LabelledImages>>;
  /** Each category's test set. */
  readonly test: Readonly<Record<DemoCategory, LabelledImages>>;
  /** Which MNIST images (indices into the loaded set) each split uses; disjoint by construction. */
  readonly sources: Readonly<Record<'train' | DemoSplit, Uint32Array>>;
}

/** Validates {@link DemoOptions}, naming the bad field; shared by every entry point. */
export function parseDemoOptions(options: DemoOptions): DemoOptions {
  const parsed = demoOptions.safeParse(options);
  if (!parsed.success) {
    throw new MnistDemoError(`invalid MNIST demo options: ${z.prettifyError(parsed.error)} (seed is an integer in [0, 2^32), budget is 'small' or 'full')`);
  }
  return parsed.data;
}

const demoOptions = z.object({
  seed: z.number().int().min(0).max(0xffffffff),
  budget: z.enum(DEMO_BUDGET_NAMES),
});

/**
 * Splits the MNIST digits into train, dev and test for `options.seed` and precomputes every
 * category's version of each split, so training and the many soup evaluations only do arithmetic.
 */
export function prepareDemoData(mnist: LabelledImages, options: DemoOptions): DemoData {
  const { seed, budget } = parseDemoOptions(options);
  const settings = DEMO_BUDGETS[budget];
  const needed = TRAIN_OFFSET + settings.trainImages;
  if (mnist.count < needed) {
    throw new MnistDemoError(`the MNIST set holds ${mnist.count} images; the '${budget}' budget needs ${needed}. Load all 10,000 digits with loadMnist().`);
  }
  const order = permutation(rngFor(seed, 'split'), mnist.count);
  const sources = {
    test: order.slice(TEST_OFFSET, TEST_OFFSET + settings.testImages),
    dev: order.slice(DEV_OFFSET, DEV_OFFSET + settings.devImages),
    train: order.slice(TRAIN_OFFSET, TRAIN_OFFSET + settings.trainImages),
  };
  const perCategory = (split: 'train' | DemoSplit): Record<DemoCategory, LabelledImages> => {
    const plain = selectImages(mnist, sources[split]);
    return Object.fromEntries(DEMO_CATEGORIES.map((c) => [c, conditionImages(plain, c, seed, split)])) as Record<DemoCategory, LabelledImages>;
  };
  return { seed, budget, train: perCategory('train'), dev: perCategory('dev'), test: perCategory('test'), sources };
}
