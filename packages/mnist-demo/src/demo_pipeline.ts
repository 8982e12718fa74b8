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
import { claimDemoDir } from './demo_dir.ts';
import { prepareDemoData, type DemoBudget, type DemoData, type DemoSplit } from './data.ts';
import { MnistDemoError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import { loadMnist, type ReadText } from './mnist.ts';
import { MODEL_CONFIG, type ModelTensorsInput } from './model.ts';
import { trainCandidates, type Candidate, type TrainingProgress } from './train.ts';

/**
 * The threshold the demo uses, chosen on dev (packages/mnist-demo/README.md, "Choosing τ"): over
 * the 14 fine-tunes of the leaderboard, the weak categories were exactly rotated, inverted and
 * shifted for every τ from 0.2 to 0.3, every seed from 1 to 10 and both budgets; 0.25 is the
 * middle of that range.
 */
export const DEMO_TAU = 0.25;

/**
 * How much searching and Shapley sampling each budget does. Coordinate ascent from the uniform
 * soup, capped, for SoCE and for the search over all candidates alike: an ascent cut by its budget
 * is still a fair search, where the paper's grid cut by a budget would only cover its first corner.
 */
export const DEMO_PLANS: Readonly<Record<DemoBudget, { readonly search: SearchSpec; readonly budget: number; readonly shapleyBudget: number }>> = {
  small: { search: { strategy: 'coordinate', step: 0.1, bounds: { min: 0.1, max: 0.9 } }, budget: 24, shapleyBudget: 24 },
  full: { search: { strategy: 'coordinate', step: 0.1, bounds: { min: 0.1, max: 0.9 } }, budget: 48, shapleyBudget: 127 },
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

/** What the demo reports while it runs (`seed`: a multi-seed run starts its next seed). */
export type DemoEvent =
  | { readonly type: 'seed'; readonly seed: number; readonly index: number; readonly total: number }
  | { readonly type: 'training'; readonly progress: TrainingProgress }
  | PipelineEvent;

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
  /** The ablation: SoCE's search (same strategy, same evaluation budget) over every candidate. */
  readonly searchAll: DemoTableEntry;
  /** SoCE's soup. */
  readonly soce: DemoTableEntry;
}

/** What the analysis found on dev: the categories, the weak ones at τ, and their experts. */
export interface DemoAnalysis {
  /** Every category, in the table's order. */
  readonly categories: readonly string[];
  /** `L`: the categories with a partner they correlate with at |r| < τ across the leaderboard's models. */
  readonly weak: readonly string[];
  /** The threshold. */
  readonly tau: number;
  /** The experts: the best candidate of each weak category, with the categories it won. */
  readonly experts: readonly { readonly model: string; readonly categories: readonly string[] }[];
}

/** Everything a demo run produced. */
export interface DemoResult {
  /** The pipeline's result: analysis, experts, search, soup, report model. */
  readonly pipeline: PipelineResult;
  /** The comparison table. */
  readonly table: DemoTable;
  /** The analysis: categories, weak ones, τ, experts. */
  readonly analysis: DemoAnalysis;
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

function entry(row: ComparisonEntry | undefined, what: string): DemoTableEntry {
  if (row === undefined || row.dev === null || row.test === null || row.categories.dev === null || row.categories.test === null) {
    throw new MnistDemoError(`the comparison has no complete row for ${what}`);
  }
  return { name: row.name, weights: row.weights, dev: row.dev, test: row.test, categories: { dev: row.categories.dev, test: row.categories.test } };
}

/**
 * The whole SoCE pipeline on real MNIST checkpoints, as a user runs it on LLMs: train a base and
 * fine-tunes, save them as Hugging Face-style checkpoints, score the candidates per category on
 * dev, analyze correlations and pick experts, search the weights with real merges on disk (and,
 * as the ablation, the same search over every candidate), compute Shapley values, write the soup,
 * and compare best single, uniform soups, the search over all candidates and SoCE on test.
 */
export async function runDemo(options: DemoRunOptions): Promise<DemoResult> {
  const seed = options.seed ?? 1;
  const { fs, out } = options;
  await claimDemoDir(fs, out, { tool: 'soce demo', seed, budget: options.budget });

  const data = prepareDemoData(await loadMnist(options.readText), { seed, budget: options.budget });
  const trained: Candidate[] = trainCandidates(data, {
    seed,
    budget: options.budget,
    onProgress: (progress) => options.onProgress?.({ type: 'training', progress }),
  });
  // The base is the common ancestor; the candidates are its fine-tunes, as with LLMs; the peers
  // are the rest of the leaderboard, known by their scores only.
  const fineTunes = trained.filter((c) => c.role === 'candidate');
  const peers = trained.filter((c) => c.role === 'peer');
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
  // The leaderboard the analysis reads, as BFCL's is for LLMs: the candidates' dev scores (their
  // checkpoints evaluated through the pipeline's journal) and the peers' (scores only).
  options.onProgress?.({ type: 'phase', phase: 'analysis', detail: `scoring ${fineTunes.length} candidates and ${peers.length} leaderboard peers on dev` });
  const names = Object.keys(candidates);
  const singles = await (await openCandidateSession(ctx, 'dev', 'analysis')).evaluate(names.map((n) => coalitionPoint(names, [n])));
  const rows: (number | null)[][] = [
    ...singles.map((e) => DEMO_CATEGORIES.map((c) => (e.status === 'scored' ? (e.scores[c] ?? null) : null))),
    ...peers.map((peer) => {
      const s = evaluate(peer.tensors, data, 'dev', peer.name);
      return DEMO_CATEGORIES.map((c) => s[c]);
    }),
  ];
  const leaderboard = [...names, ...peers.map((p) => p.name)];
  const scores = ScoreTable.create({ source: 'leaderboard.json (dev split)', models: leaderboard, categories: [...DEMO_CATEGORIES], scores: rows });
  // Written in a layout `soce analyze --scores` reads, so the analysis can be redone by hand.
  await writeJsonAtomically(fs, out, 'leaderboard.json', {
    split: 'dev',
    candidates: names,
    models: Object.fromEntries(leaderboard.map((m, i) => [m, Object.fromEntries(DEMO_CATEGORIES.map((c, j) => [c, rows[i]![j]]))])),
  });

  const plan = DEMO_PLANS[options.budget];
  const pipeline = await runPipeline(ctx, {
    title: `soce demo: SoCE on MNIST experts (${options.budget}, seed ${seed})`,
    scores,
    analysis: { population: 'all', tau: DEMO_TAU, mode: 'paper' },
    search: plan.search,
    budget: plan.budget,
    searchAll: true,
    shapley: { budget: plan.shapleyBudget, seed },
    tool: `soce demo ${SOCE_VERSION}`,
  });
  const compared = pipeline.report.comparison?.rows ?? [];
  const table: DemoTable = {
    candidates: compared.filter((r) => r.kind === 'candidate').map((r) => entry(r, r.name)),
    bestSingle: entry(compared.find((r) => r.kind === 'bestSingle'), 'the best single candidate'),
    uniformAll: entry(compared.find((r) => r.kind === 'uniformAll'), 'the uniform soup of all'),
    uniformExperts: entry(compared.find((r) => r.kind === 'uniformExperts'), 'the uniform soup of the experts'),
    searchAll: entry(compared.find((r) => r.kind === 'searchAll'), 'the search over all candidates'),
    soce: entry(compared.find((r) => r.kind === 'soce'), 'SoCE'),
  };
  const found = pipeline.analysis?.analysis;
  if (found === undefined) throw new MnistDemoError('the demo ran without its analysis');
  const analysis: DemoAnalysis = {
    categories: found.categories,
    weak: found.weak,
    tau: found.tau,
    experts: found.experts.map((e) => ({ model: e.model, categories: e.categories })),
  };
  await writeJsonAtomically(fs, out, 'table.json', table);
  return {
    pipeline,
    table,
    analysis,
    candidates: fineTunes.map((c) => ({ name: c.name, description: c.description, path: candidates[c.name]! })),
  };
}
