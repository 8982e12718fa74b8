/**
 * A dry run: everything a real run checks and plans, and one real evaluation (the search's first
 * point, merged and benchmarked), so that a wrong command, a wrong metric or wrong categories
 * show up after one evaluation instead of after the first few hours. The probe goes through the
 * search's journal like any evaluation, so the real run that follows reuses it instead of paying
 * for it twice; a probe whose categories do not match is not journaled.
 * @module
 */
import { DEFAULT_STRATEGY, gridSize, type CategoryScores } from '@soce/search';
import { DTYPE_BITS, isFloatDtype, openCheckpoint, type FileSystem, type FloatDtype } from '@soce/tensors';
import { checkCategories } from './category_check.ts';
import { EvaluationError, type EvaluationLog } from './evaluation_error.ts';
import { expertsStep } from './experts_step.ts';
import type { PipelineContext, PipelinePhase } from './pipeline_context.ts';
import { DEFAULT_MAX_CONSECUTIVE_FAILURES, describeWeights, guardRun, quoteLog } from './run_guard.ts';
import type { PipelineInput } from './run_pipeline.ts';
import { openSearchStepSession } from './sessions.ts';

/** How many evaluations a phase of the run would make. */
export interface PhasePlan {
  readonly phase: PipelinePhase;
  /** Evaluations at most; `null` when the phase is adaptive and uncapped (coordinate ascent without a budget). */
  readonly points: number | null;
  /** How the number comes about. */
  readonly note: string;
}

/** What a run would do. */
export interface RunPlan {
  /** The experts whose weights the search would set. */
  readonly experts: readonly string[];
  /** What every evaluation must cover (the analysis's categories, or the configured ones). */
  readonly categories: readonly string[] | undefined;
  /** Evaluations per phase. */
  readonly phases: readonly PhasePlan[];
  /** Bytes of weights one soup takes on disk: each evaluation in flight holds one. */
  readonly soupBytes: number;
  /** Evaluations in flight at once. */
  readonly concurrency: number;
  /** Failed evaluations in a row that stop the run. */
  readonly maxConsecutiveFailures: number;
}

/** The one evaluation a dry run makes. */
export interface ProbeResult {
  /** The search's first point. */
  readonly weights: Readonly<Record<string, number>>;
  /** Its scores per category. */
  readonly scores: CategoryScores;
  /** The objective of those scores. */
  readonly objective: number;
  /** Whether the journal already held it (an earlier dry or real run evaluated it). */
  readonly cached: boolean;
}

/** The plan and the probe. */
export interface DryRunResult {
  readonly plan: RunPlan;
  readonly probe: ProbeResult;
}

/**
 * Validates and plans a run, then evaluates the search's first point once (merge + benchmark,
 * journaled as the real run would) and checks its categories: a `CategoryMismatchError` (bad
 * input) when they do not cover the expected ones, an {@link EvaluationError} when the
 * evaluation failed. No other evaluation is made; a later `runPipeline` with the same context
 * reuses the probe.
 */
export async function dryRun(given: PipelineContext, input: PipelineInput): Promise<DryRunResult> {
  const { experts, categories } = await expertsStep(given, input);
  // The probe's log, quoted if it fails: the dry run is where a command is debugged.
  let log: EvaluationLog | undefined;
  const evaluate: PipelineContext['evaluate'] = (...args) =>
    given.evaluate(...args).catch((error: unknown) => {
      if (error instanceof EvaluationError) log = error.log;
      throw error;
    });
  const ctx = guardRun({ ...given, evaluate }, { maxConsecutiveFailures: input.maxConsecutiveFailures, categories });
  const plan: RunPlan = {
    experts,
    categories: categories?.selectors,
    phases: phasePlans(ctx, input, experts),
    soupBytes: await soupBytes(ctx.fs, ctx.candidates[experts[0]!]!, ctx.outDtype),
    concurrency: ctx.concurrency ?? 1,
    maxConsecutiveFailures: input.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES,
  };
  ctx.onProgress?.({ type: 'phase', phase: 'search', detail: `dry run: the first point of ${input.search?.strategy ?? DEFAULT_STRATEGY} over ${experts.join(', ')}` });
  const session = await openSearchStepSession(ctx, experts, input.search ?? {}, 'search');
  const result = await session.search({ budget: 1 });
  const first = result.history.find((e) => e.status !== 'skipped');
  if (first === undefined) throw new Error('the search proposed no point');
  const weights = first.point.weights.toRecord();
  if (first.status === 'failed') {
    throw new EvaluationError(
      `the dry run's evaluation (${describeWeights(weights)}) failed${first.cached ? ' (as journaled by an earlier run; retryFailed evaluates it again)' : ''}: ${first.error}` +
        (log === undefined ? '' : quoteLog(log).trimEnd()),
      log,
    );
  }
  // A fresh probe was checked as it came in; one from the journal is checked here.
  if (first.cached && categories !== undefined) checkCategories(Object.keys(first.scores), categories, describeWeights(weights));
  return { plan, probe: { weights, scores: first.scores, objective: first.score, cached: first.cached } };
}

function phasePlans(ctx: PipelineContext, input: PipelineInput, experts: readonly string[]): PhasePlan[] {
  const search = input.search ?? {};
  const strategy = search.strategy ?? DEFAULT_STRATEGY;
  const budget = input.budget;
  const capped = (n: number): number => (budget === undefined ? n : Math.min(n, budget));
  const phases: PhasePlan[] = [];
  const budgetNote = budget === undefined ? '' : `; search.budget caps the search at ${budget}`;
  if (strategy === 'coordinate') {
    phases.push({ phase: 'search', points: budget ?? null, note: `coordinate ascent from the uniform point, adaptive${budgetNote}` });
  } else {
    const grid = gridSize(experts, { ...(search.step === undefined ? {} : { step: search.step }), ...(search.bounds === undefined ? {} : { bounds: search.bounds }) });
    phases.push({ phase: 'search', points: capped(grid), note: `grid of ${grid} points${strategy === 'grid' ? '' : ', then coordinate ascent from the best one (adaptive)'}${budgetNote}` });
  }
  const candidates = Object.keys(ctx.candidates).length;
  phases.push({ phase: 'comparison', points: candidates + 2, note: `${candidates} candidates alone, the uniform soups of all and of the experts; points the search scored are reused` });
  if (ctx.evaluateTest !== undefined) phases.push({ phase: 'comparison', points: candidates + 3, note: 'the same and the SoCE soup, on the test split' });
  if (input.shapley !== undefined && input.shapley !== false) phases.push({ phase: 'shapley', points: input.shapley.budget ?? null, note: 'coalition soups; those scored before are reused' });
  phases.push({ phase: 'soup', points: 0, note: 'the final soup is merged, not evaluated' });
  return phases;
}

/** Bytes of weights of a soup of `model`'s shape (float tensors at `outDtype` when given). */
async function soupBytes(fs: FileSystem, model: string, outDtype: FloatDtype | undefined): Promise<number> {
  const checkpoint = await openCheckpoint(fs, model);
  try {
    let bytes = 0;
    for (const tensor of checkpoint.tensors.values()) {
      const elements = tensor.shape.reduce((n, d) => n * d, 1);
      bytes += outDtype !== undefined && isFloatDtype(tensor.dtype) ? (elements * DTYPE_BITS[outDtype]) / 8 : tensor.byteLength;
    }
    return bytes;
  } finally {
    await checkpoint.close();
  }
}
