import { z } from 'zod';
import { AnalysisOptionsError } from './analysis_options_error.ts';
import { checkModels } from './candidates.ts';
import { clusterCategories, LINKAGES, type CategoryCluster, type Linkage } from './category_clusters.ts';
import { CORRELATION_METHODS, describeUndefined, type CorrelationMethod, type UndefinedReason } from './correlation.ts';
import { correlationCounts, correlationMatrix, correlationValues } from './correlation_matrix.ts';
import { selectExperts, type Expert, type UncoveredCategories } from './experts.ts';
import type { IgnoredColumn, ScoreTable } from './score_table.ts';
import { DEFAULT_SWEEP, checkTau, defaultTau } from './tau.ts';
import { EXPERT_MODES, type ExpertMode } from './expert_mode.ts';
import { expertGroups, tauSweep, type TauSweepPoint } from './tau_sweep.ts';
import { weakCategories, type WeakPair } from './weak_categories.ts';

/**
 * The models correlations are computed over: `all` the models of the table (the paper's: a whole
 * leaderboard) or only the `candidates`.
 */
export const POPULATIONS = ['all', 'candidates'] as const;

/** One of {@link POPULATIONS}. */
export type Population = (typeof POPULATIONS)[number];

/** What to analyze and how; every field has a default. */
export interface AnalyzeOptions {
  /** `pearson` (default, the paper's) or `spearman`. */
  readonly method?: CorrelationMethod;
  /** The models correlations are computed over: `all` (default, the paper's) or `candidates`. */
  readonly population?: Population;
  /** The models experts are chosen from, exactly as named in the table (all models by default). */
  readonly candidates?: readonly string[];
  /** The weak-correlation threshold τ in [0, 1] (by default `defaultTau(mode)`: 0.2, or 0.6 for clusters). */
  readonly tau?: number;
  /** `paper` (default): an expert per weak category; `cluster`: an expert per category cluster. */
  readonly mode?: ExpertMode;
  /** Linkage of cluster mode (`average` by default). */
  readonly linkage?: Linkage;
  /** Keep at most this many experts (see `selectExperts`). */
  readonly maxExperts?: number;
  /** The τ values of the sweep (`DEFAULT_SWEEP` by default). */
  readonly sweep?: readonly number[];
}

/** A coefficient that could not be computed, with the reason in words. */
export interface UndefinedCorrelation {
  /** The two categories, in matrix order. */
  readonly categories: readonly [string, string];
  /** The number of models with both scores. */
  readonly n: number;
  /** Why it is undefined. */
  readonly reason: UndefinedReason;
  /** The reason as a sentence for reports. */
  readonly explanation: string;
}

/**
 * Everything an analysis finds, as plain JSON-ready data (what `soce analyze --format json`
 * prints). Matrices are indexed in the order of `categories`.
 */
export interface Analysis {
  /** Where the scores came from. */
  readonly source: string;
  /** The correlation coefficient used. */
  readonly method: CorrelationMethod;
  /** How experts were chosen. */
  readonly mode: ExpertMode;
  /** The linkage used by cluster mode. */
  readonly linkage: Linkage;
  /** The threshold used. */
  readonly tau: number;
  /** The categories analyzed. */
  readonly categories: readonly string[];
  /** Input columns that are not categories, and why. */
  readonly ignoredColumns: readonly IgnoredColumn[];
  /** The models correlations were computed over. */
  readonly population: readonly string[];
  /** The models experts were chosen from. */
  readonly candidates: readonly string[];
  /** The correlation matrix, `null` where undefined. */
  readonly correlation: readonly (readonly (number | null)[])[];
  /** The number of models behind each coefficient. */
  readonly n: readonly (readonly number[])[];
  /** The off-diagonal coefficients that are undefined, and why. */
  readonly undefinedCorrelations: readonly UndefinedCorrelation[];
  /** `L`: the weak categories at τ. */
  readonly weak: readonly string[];
  /** The pairs with |r| < τ. */
  readonly weakPairs: readonly WeakPair[];
  /** The category clusters at τ (cluster mode), else `null`. */
  readonly clusters: readonly CategoryCluster[] | null;
  /** The chosen experts and the categories each won. */
  readonly experts: readonly Expert[];
  /** Experts cut by `maxExperts`. */
  readonly droppedExperts: readonly Expert[];
  /** Groups of categories no candidate could win. */
  readonly uncovered: readonly UncoveredCategories[];
  /** `L` and the experts for each τ of the sweep. */
  readonly tauSweep: readonly TauSweepPoint[];
}

const optionsSchema = z.object({
  method: z.enum(CORRELATION_METHODS).optional(),
  population: z.enum(POPULATIONS).optional(),
  candidates: z.array(z.string()).optional(),
  tau: z.number().optional(),
  mode: z.enum(EXPERT_MODES).optional(),
  linkage: z.enum(LINKAGES).optional(),
  maxExperts: z.number().optional(),
  sweep: z.array(z.number()).optional(),
});

/**
 * SoCE's analysis of a score table in one call: the correlation matrix over the population, the
 * weak categories at τ, the clusters (cluster mode), the experts among the candidates and a τ
 * sweep. Throws `AnalysisOptionsError` for unusable options (an unknown candidate names close
 * matches).
 * @example
 * ```ts
 * import { analyze, parseScoreTable } from '@soce/stats';
 *
 * // One row per model, one column per category (CSV, TSV or JSON; `78.45%` and `N/A` cells too).
 * const csv = ['Model,math,code,chat', 'a,82,61,70', 'b,64,80,58', 'c,70,52,83', 'd,58,66,61', 'e,75,70,77', 'f,61,57,52'];
 * const table = parseScoreTable(csv.join('\n'), 'leaderboard.csv');
 *
 * // Correlations over all six models; experts among the three candidates.
 * const analysis = analyze(table, { tau: 0.2, candidates: ['a', 'b', 'c'] });
 * console.log(analysis.weak); // ['math', 'code']: |r(math, code)| = 0.13 < τ
 * console.log(analysis.experts.map((expert) => expert.model)); // ['a', 'b']
 * ```
 */
export function analyze(table: ScoreTable, options: AnalyzeOptions = {}): Analysis {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AnalysisOptionsError(`option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const method = options.method ?? 'pearson';
  const mode = options.mode ?? 'paper';
  const tau = checkTau(options.tau ?? defaultTau(mode));
  const linkage = options.linkage ?? 'average';
  const candidates = options.candidates === undefined ? [...table.models] : checkModels(table, options.candidates);
  const population = options.population === 'candidates' ? candidates : [...table.models];
  const expertOptions = options.maxExperts === undefined ? { candidates } : { candidates, maxExperts: options.maxExperts };

  const matrix = correlationMatrix(table, { method, population });
  const { weak, pairs } = weakCategories(matrix, tau);
  const clusters = mode === 'cluster' ? clusterCategories(matrix, tau, linkage) : null;
  const selection = selectExperts(table, expertGroups(matrix, tau, mode, linkage), expertOptions);
  const undefinedCorrelations: UndefinedCorrelation[] = [];
  matrix.entries.forEach((row, i) =>
    row.forEach((e, j) => {
      if (j > i && e.reason !== null) {
        undefinedCorrelations.push({ categories: [table.categories[i] ?? '', table.categories[j] ?? ''], n: e.n, reason: e.reason, explanation: describeUndefined(e.reason, e.n) });
      }
    }),
  );
  return {
    source: table.source,
    method,
    mode,
    linkage,
    tau,
    categories: [...table.categories],
    ignoredColumns: table.ignoredColumns,
    population,
    candidates,
    correlation: correlationValues(matrix),
    n: correlationCounts(matrix),
    undefinedCorrelations,
    weak,
    weakPairs: pairs,
    clusters,
    experts: selection.experts,
    droppedExperts: selection.dropped,
    uncovered: selection.uncovered,
    tauSweep: tauSweep(table, matrix, { ...expertOptions, mode, linkage, taus: options.sweep ?? DEFAULT_SWEEP }),
  };
}
