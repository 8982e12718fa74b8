import { analyze, type Analysis, type AnalyzeOptions, type ScoreTable } from '@soce/stats';
import type { AnalysisView } from './report_model.ts';

/** The analysis of a score table and the experts it picks, with the report's view of it. */
export interface AnalysisOutcome {
  /** Everything `@soce/stats`' `analyze` found. */
  readonly analysis: Analysis;
  /** The part the report shows. */
  readonly view: AnalysisView;
  /** The experts' names, in the order the search and the soup use. */
  readonly experts: readonly string[];
}

/**
 * Step 1-3 of SoCE: correlation over the population, weak categories (or clusters) at τ, one
 * expert per weak category among the candidates.
 */
export function analyzeScores(table: ScoreTable, options: AnalyzeOptions): AnalysisOutcome {
  const analysis = analyze(table, options);
  return { analysis, view: analysisView(analysis), experts: analysis.experts.map((e) => e.model) };
}

/** The report's view of an analysis. */
export function analysisView(analysis: Analysis): AnalysisView {
  return {
    correlation: { categories: analysis.categories, r: analysis.correlation, n: analysis.n },
    method: analysis.method,
    populationSize: analysis.population.length,
    tau: analysis.tau,
    mode: analysis.mode,
    weak: analysis.weak,
    weakPairs: analysis.weakPairs,
    ...(analysis.clusters === null ? {} : { clusters: analysis.clusters.map((c) => c.categories) }),
    tauSweep: analysis.tauSweep.map((p) => ({ tau: p.tau, weakCount: p.weak.length, experts: p.experts })),
    experts: analysis.experts.map((e) => ({ model: e.model, categories: e.categories })),
  };
}
