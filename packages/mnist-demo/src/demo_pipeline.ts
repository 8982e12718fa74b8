import {
  openCandidateSession,
  runPipeline,
  writeJsonAtomically,
  type ComparisonEntry,
  type CheckpointEvaluator,
  type PipelineContext,
  type PipelineEvent,
  type PipelineResult,
} from '@soce/core';
import { SOCE_VERSION } from '@soce/common';
import { coalitionPoint, type JournalStore, type SearchSpec } from '@soce/search';
import { ScoreTable } from '@soce/stats';
import { bf16ToF32, joinPath, loadTensors, saveCheckpoint, type FileSystem, type MergeBackend, type Tensor } from '@soce/tensors';
import { DEMO_CATEGORIES } from './categories.ts';
import { prepareDemoData, type DemoBudget, type DemoData, type DemoSplit } from './data.ts';
import { MnistDemoError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import { loadMnist, type ReadText } from './mnist.ts';
import { MODEL_CONFIG, type ModelTensorsInput } from './model.ts';
import { trainCandidates, type Candidate, type TrainingProgress } from './train.ts';

/**
 * The threshold the demo uses, chosen on dev (packages/mnist-demo/README.md, "Choosing τ"): with seven
 * candidates each correlation rests on seven points, so `L` at 0.2 moves with the seed and can miss
 * the category with most to gain; from 0.5 every category is weak and the SoCE pattern held on dev
 * for every seed and budget tried.
 */
export const DEMO_TAU = 0.5;

/** The marker that makes a directory a demo's, so a rerun may clear it. */
const MARKER = 'soce-demo.json';

/** How much searching and Shapley sampling each budget does. */
const PLAN: Readonly<Record<DemoBudget, { search: SearchSpec; budget?: number; shapleyBudget: number }>> = {
  small: { search: { strategy: 'coordinate', step: 0.1, bounds: { min: 0.1, max: 0.9 } }, budget: 24, shapleyBudget: 24 },
  full: { search: { strategy: 'grid+coordinate', step: 0.1, bounds: { min: 0.1, max: 0.9 } }, shapleyBudget: 127 },
};

/** Options of {@link runDemo}. */
export interface DemoRunOptions {
  /** File access (`nodeFileSystem`, `denoFileSystem`). */
  readonly fs: FileSystem;
  /** The demo's directory: candidates, journals, soup, report. Cleared first if a demo made it. */
  readonly out: string;
  /** How much work to do. */
  readonly budget: DemoBudget;
  /** Seed of everything random (default 1). */
  readonly seed?: number;
  /** Merges the soups. */
  readonly backend: MergeBackend;
  /** Opens a journal's store (`fileJournalStore` of `@soce/search/node` or `/deno`). */
  readonly openJournal: (path: string) => JournalStore;
  /** Reads the `mnist` package's digit files. */
  readonly readText: ReadText;
  /** Training progress, then the pipeline's events. */
  readonly onProgress?: (event: DemoEvent) => void;
}

/** What the demo reports while it runs. */
export type DemoEvent = { readonly type: 'training'; readonly progress: TrainingProgress } | PipelineEvent;

/** One row of the demo's Table 1: totals over the categories on dev and test, per-category scores. */
export interface DemoTableEntry {
  /** The candidate, or what the soup is. */
  readonly name: string;
  /** The soup's weights (1 for a single candidate). */
  readonly weights: Readonly<Record<string, number>>;
  /** Sum of the category accuracies on dev (the split everything was chosen on). */
  readonly dev: number;
  /** Sum of the category accuracies on test. */
  readonly test: number;
  /** Per-category accuracies (percent). */
  readonly categories: { readonly dev: Readonly<Record<string, number>>; readonly test: Readonly<Record<string, number>> };
}

/** The paper's Table 1 in miniature. */
export interface DemoTable {
  /** Every candidate. */
  readonly candidates: readonly DemoTableEntry[];
  /** The candidate with the best dev total. */
  readonly bestSingle: DemoTableEntry;
  /** The uniform soup of all candidates. */
  readonly uniformAll: DemoTableEntry;
  /** The uniform soup of SoCE's experts. */
  readonly uniformExperts: DemoTableEntry;
  /** SoCE's soup. */
  readonly soce: DemoTableEntry;
}

/** Everything a demo run produced. */
export interface DemoResult {
  /** The pipeline's result: analysis, experts, search, soup, report model. */
  readonly pipeline: PipelineResult;
  /** The comparison table. */
  readonly table: DemoTable;
  /** The candidates' names and descriptions. */
  readonly candidates: readonly { readonly name: string; readonly description: string; readonly path: string }[];
}

/** Reads a checkpoint's MLP back from disk as f32 (F32 or BF16 files). */
async function readModel(fs: FileSystem, dir: string): Promise<ModelTensorsInput> {
  const tensors = await loadTensors(fs, dir);
  const model: Record<string, { shape: readonly number[]; data: Float32Array }> = {};
  for (const [name, tensor] of tensors) model[name] = { shape: tensor.shape, data: toF32(tensor, `${dir}: ${name}`) };
  return model;
}

function toF32(tensor: Tensor, where: string): Float32Array {
  if (tensor.dtype === 'F32') return new Float32Array(tensor.data.slice().buffer);
  if (tensor.dtype === 'BF16') {
    const bits = new Uint16Array(tensor.data.slice().buffer);
    return Float32Array.from(bits, bf16ToF32);
  }
  throw new MnistDemoError(`${where} is ${tensor.dtype}; the demo's models are F32 or BF16`);
}

function splitEvaluator(fs: FileSystem, data: DemoData, split: DemoSplit): CheckpointEvaluator {
  return async (soupDir) => evaluate(await readModel(fs, soupDir), data, split, soupDir);
}

async function prepareOut(fs: FileSystem, out: string): Promise<void> {
  const kind = await fs.kind(out);
  if (kind === 'directory') {
    const entries = await fs.list(out);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new MnistDemoError(`${out} is not empty and was not made by the demo; choose a new or empty directory as out`);
    }
    await fs.remove(out);
  } else if (kind !== undefined) {
    throw new MnistDemoError(`${out} exists and is not a directory; choose a directory as out`);
  }
  await fs.mkdir(out);
}

function entry(row: ComparisonEntry | undefined, what: string): DemoTableEntry {
  if (row === undefined || row.dev === null || row.test === null || row.categories.dev === null || row.categories.test === null) {
    throw new MnistDemoError(`the comparison has no complete row for ${what}`);
  }
  return { name: row.name, weights: row.weights, dev: row.dev, test: row.test, categories: { dev: row.categories.dev, test: row.categories.test } };
}

/**
 * The whole SoCE pipeline on real MNIST checkpoints, as a user runs it on LLMs: train a base and
 * fine-tunes, save them as Hugging Face-style checkpoints, score the candidates per category on
 * dev, analyze correlations and pick experts, search the weights with real merges on disk,
 * compute Shapley values, write the soup, and compare best single, uniform soups and SoCE on test.
 */
export async function runDemo(options: DemoRunOptions): Promise<DemoResult> {
  const seed = options.seed ?? 1;
  const { fs, out } = options;
  await prepareOut(fs, out);
  await writeJsonAtomically(fs, out, MARKER, { tool: 'soce demo', seed, budget: options.budget });

  const data = prepareDemoData(await loadMnist(options.readText), { seed, budget: options.budget });
  const trained: Candidate[] = trainCandidates(data, {
    seed,
    budget: options.budget,
    onProgress: (progress) => options.onProgress?.({ type: 'training', progress }),
  });
  // The base is the common ancestor; the candidates are its fine-tunes, as with LLMs.
  const fineTunes = trained.filter((c) => c.name !== 'base');
  const candidates: Record<string, string> = {};
  for (const candidate of fineTunes) {
    const dir = joinPath(joinPath(out, 'candidates'), candidate.name);
    const tensors = Object.entries(candidate.tensors).map(([name, t]) => ({
      name,
      dtype: 'F32' as const,
      shape: t.shape,
      data: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
    }));
    await saveCheckpoint(fs, dir, tensors, { config: MODEL_CONFIG });
    candidates[candidate.name] = dir;
  }

  const ctx: PipelineContext = {
    fs,
    out,
    candidates,
    backend: options.backend,
    evaluate: splitEvaluator(fs, data, 'dev'),
    evaluateTest: splitEvaluator(fs, data, 'test'),
    openJournal: options.openJournal,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  };
  // The candidates' dev scores are the score table the analysis reads, as a leaderboard is for LLMs.
  options.onProgress?.({ type: 'phase', phase: 'analysis', detail: `scoring ${fineTunes.length} candidates on dev` });
  const names = Object.keys(candidates);
  const singles = await (await openCandidateSession(ctx, 'dev', 'analysis')).evaluate(names.map((n) => coalitionPoint(names, [n])));
  const scores = ScoreTable.create({
    source: 'candidates on dev',
    models: names,
    categories: [...DEMO_CATEGORIES],
    scores: singles.map((e) => DEMO_CATEGORIES.map((c) => (e.status === 'scored' ? (e.scores[c] ?? null) : null))),
  });

  const plan = PLAN[options.budget];
  const pipeline = await runPipeline(ctx, {
    title: `soce demo: SoCE on MNIST experts (${options.budget})`,
    scores,
    analysis: { population: 'candidates', tau: DEMO_TAU, mode: 'paper' },
    search: plan.search,
    ...(plan.budget === undefined ? {} : { budget: plan.budget }),
    shapley: { budget: plan.shapleyBudget, seed },
    tool: `soce demo ${SOCE_VERSION}`,
  });
  const rows = pipeline.report.comparison?.rows ?? [];
  const table: DemoTable = {
    candidates: rows.filter((r) => r.kind === 'candidate').map((r) => entry(r, r.name)),
    bestSingle: entry(rows.find((r) => r.kind === 'bestSingle'), 'the best single candidate'),
    uniformAll: entry(rows.find((r) => r.kind === 'uniformAll'), 'the uniform soup of all'),
    uniformExperts: entry(rows.find((r) => r.kind === 'uniformExperts'), 'the uniform soup of the experts'),
    soce: entry(rows.find((r) => r.kind === 'soce'), 'SoCE'),
  };
  await writeJsonAtomically(fs, out, 'table.json', table);
  return {
    pipeline,
    table,
    candidates: fineTunes.map((c) => ({ name: c.name, description: c.description, path: candidates[c.name]! })),
  };
}
