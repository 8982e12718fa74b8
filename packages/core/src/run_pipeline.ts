import { SOCE_TOOL } from '@soce/common';
import type { SearchResult, SearchSpec } from '@soce/search';
import type { AnalyzeOptions, ScoreTable } from '@soce/stats';
import type { MergeSummary } from '@soce/tensors';
import type { AnalysisOutcome } from './analysis_step.ts';
import { comparisonStep } from './comparison_step.ts';
import { consistencyView } from './consistency_step.ts';
import { expertsStep } from './experts_step.ts';
import { RUN_FILES, type PipelineContext } from './pipeline_context.ts';
import { guardRun } from './run_guard.ts';
import type { ReportModel } from './report_model.ts';
import { searchAllStep } from './search_all_step.ts';
import { searchStep } from './search_step.ts';
import { shapleyStep, type ShapleyStepOptions } from './shapley_step.ts';
import { soupStep } from './soup_step.ts';
import { writeJsonAtomically } from './write_json.ts';

/** What to run, beyond the shared {@link PipelineContext}. */
export interface PipelineInput {
  /** A heading for the report. */
  readonly title?: string;
  /** Scores of the candidates (and of a wider population) to pick experts from. */
  readonly scores?: ScoreTable;
  /** How to analyze `scores`; `candidates` defaults to the context's candidates. */
  readonly analysis?: AnalyzeOptions;
  /** The experts to soup, skipping the analysis's choice. */
  readonly experts?: readonly string[];
  /** The weight search's strategy, step and bounds. */
  readonly search?: SearchSpec;
  /** A cap on the search's evaluations. */
  readonly budget?: number;
  /**
   * Also run the same search (strategy, step, bounds, `budget`) over every candidate, the
   * ablation that shows whether choosing experts paid off: a `searchAll` row of the comparison,
   * journaled in `search-all.jsonl`. Off by default: it costs as many evaluations again.
   */
  readonly searchAll?: boolean;
  /** Shapley values of the candidates; left out when `false` or absent. */
  readonly shapley?: ShapleyStepOptions | false;
  /** Stop the run (exit 1 in the CLI) after this many failed evaluations in a row; 3 by default. */
  readonly maxConsecutiveFailures?: number;
  /**
   * Without `scores`: the categories (names, globs, /regex/) the first evaluation must cover, or
   * the run stops with a `CategoryMismatchError`. With `scores`, the analysis's categories are.
   */
  readonly categories?: readonly string[];
  /** The tool named in the report. */
  readonly tool?: string;
  /** The report's timestamp (ISO 8601); now by default. Fixed in tests for reproducible files. */
  readonly createdAt?: string;
}

/** Everything a run produced. */
export interface PipelineResult {
  /** The analysis, when scores were given. */
  readonly analysis: AnalysisOutcome | undefined;
  /** The experts whose weights were searched. */
  readonly experts: readonly string[];
  /** The search's result. */
  readonly search: SearchResult;
  /** The search over every candidate, when `searchAll` asked for it. */
  readonly searchAll: SearchResult | undefined;
  /** The final soup's merge. */
  readonly soup: MergeSummary;
  /** The report's data (also written to `out/report.json`). */
  readonly report: ReportModel;
}

/**
 * SoCE end to end: analyze → pick experts → search weights over real merges → (optionally the same
 * search over every candidate) → compare with the reference soups → Shapley values → write the
 * soup and the report's data. Every evaluation is journaled under `ctx.out`, so calling this again
 * after a kill (or with a larger budget) re-uses all finished work and ends with the same result
 * as an uninterrupted run.
 * @example
 * ```ts
 * import { runPipeline } from '@soce/core';
 * import { memoryJournalStore } from '@soce/search';
 * import { createCpuBackend, loadTensors, MemoryFileSystem, saveCheckpoint } from '@soce/tensors';
 *
 * // Three toy candidates whose one tensor is a corner of the simplex: a soup's tensor is its weights.
 * const fs = new MemoryFileSystem();
 * const names = ['math', 'code', 'chat'];
 * for (const [j, name] of names.entries()) {
 *   const corner = new Float32Array(names.map((_, i) => (i === j ? 1 : 0)));
 *   await saveCheckpoint(fs, `/models/${name}`, [{ name: 'w', dtype: 'F32', shape: [3], data: new Uint8Array(corner.buffer) }]);
 * }
 *
 * // The benchmark reads a soup and scores each category; its best soup is math .5, code .3, chat .2.
 * const target = [0.5, 0.3, 0.2];
 * const evaluate = async (soupDir: string) => {
 *   const w = new Float32Array((await loadTensors(fs, soupDir)).get('w')!.data.slice().buffer);
 *   return Object.fromEntries(names.map((category, i) => [category, 100 - 100 * (w[i]! - target[i]!) ** 2]));
 * };
 *
 * const result = await runPipeline(
 *   {
 *     fs, // nodeFileSystem or denoFileSystem for checkpoints on disk
 *     out: '/run',
 *     candidates: { math: '/models/math', code: '/models/code', chat: '/models/chat' },
 *     backend: createCpuBackend(),
 *     evaluate, // or createCommandEvaluator: a benchmark command run on each soup
 *     openJournal: () => memoryJournalStore(), // fileJournalStore to resume after a kill
 *   },
 *   { experts: names, search: { strategy: 'grid' } },
 * );
 * console.log(result.search.best?.point.key, result.soup.out); // '5,3,2/10' '/run/soup'
 * ```
 */
export async function runPipeline(given: PipelineContext, input: PipelineInput): Promise<PipelineResult> {
  const { analysis, experts, categories } = await expertsStep(given, input);
  const ctx = guardRun(given, { maxConsecutiveFailures: input.maxConsecutiveFailures, categories });
  const search = await searchStep(ctx, experts, input.search ?? {}, input.budget);
  const best = search.result.best!;
  const ablation = input.searchAll === true ? await searchAllStep(ctx, experts, input.search ?? {}, input.budget, search) : undefined;
  const comparison = await comparisonStep(
    ctx,
    experts,
    best.point,
    search.session,
    ablation === undefined ? undefined : { best: ablation.result.best!.point, session: ablation.session },
  );
  const shapley = input.shapley === undefined || input.shapley === false ? undefined : (await shapleyStep(ctx, { ...input.shapley, search: search.session })).view;
  const soup = await soupStep(ctx, best.point.weights.toRecord());

  ctx.onProgress?.({ type: 'phase', phase: 'report', detail: RUN_FILES.report });
  const candidateScores = comparison.rows.flatMap((r) => (r.kind === 'candidate' && r.categories.dev !== null ? [{ name: r.name, scores: r.categories.dev }] : []));
  const consistency = consistencyView(candidateScores, search.result.history);
  const report: ReportModel = {
    title: input.title ?? 'SoCE run',
    createdAt: input.createdAt ?? new Date().toISOString(),
    tool: input.tool ?? SOCE_TOOL,
    candidates: Object.keys(ctx.candidates),
    ...(analysis === undefined ? {} : { analysis: analysis.view }),
    ...(consistency === undefined ? {} : { consistency }),
    search: search.view,
    ...(shapley === undefined ? {} : { shapley }),
    comparison,
  };
  await writeJsonAtomically(ctx.fs, ctx.out, RUN_FILES.report, report);
  return { analysis, experts, search: search.result, searchAll: ablation?.result, soup, report };
}
