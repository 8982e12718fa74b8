import { clusterCategories, type Linkage } from './category_clusters.ts';
import type { CorrelationMatrix } from './correlation_matrix.ts';
import type { ExpertMode } from './expert_mode.ts';
import { selectExperts, type ExpertOptions } from './experts.ts';
import type { ScoreTable } from './score_table.ts';
import { DEFAULT_SWEEP, checkTau } from './tau.ts';
import { weakCategories } from './weak_categories.ts';


/** What one value of τ gives. */
export interface TauSweepPoint {
  /** The threshold. */
  readonly tau: number;
  /** `L`, the weak categories under the paper's rule, in matrix order. */
  readonly weak: readonly string[];
  /** The clusters' categories (cluster mode only, else `null`). */
  readonly clusters: readonly (readonly string[])[] | null;
  /** The experts' names, in the order `selectExperts` gives. */
  readonly experts: readonly string[];
}

/** Options of a sweep: the mode and expert options of the analysis, and the τ values. */
export interface TauSweepOptions extends ExpertOptions {
  /** `paper` (default) or `cluster`. */
  readonly mode?: ExpertMode;
  /** Linkage for cluster mode (`average` by default). */
  readonly linkage?: Linkage;
  /** The τ values, `DEFAULT_SWEEP` (0.05 … 0.95) by default. */
  readonly taus?: readonly number[];
}

/**
 * The groups of categories that get an expert at τ: each weak category alone (paper) or each
 * cluster (cluster mode).
 */
export function expertGroups(matrix: CorrelationMatrix, tau: number, mode: ExpertMode, linkage: Linkage = 'average'): (readonly string[])[] {
  return mode === 'paper' ? weakCategories(matrix, tau).weak.map((c) => [c]) : clusterCategories(matrix, tau, linkage).map((c) => c.categories);
}

/**
 * `L` and the experts for a range of τ, so a user can see where the choice of τ matters before
 * settling on one (docs/guides/choosing-tau.md walks through the BFCL tables).
 */
export function tauSweep(table: ScoreTable, matrix: CorrelationMatrix, options: TauSweepOptions = {}): TauSweepPoint[] {
  const mode = options.mode ?? 'paper';
  return (options.taus ?? DEFAULT_SWEEP).map((tau) => {
    checkTau(tau, 'tau in the sweep');
    const clusters = mode === 'cluster' ? clusterCategories(matrix, tau, options.linkage).map((c) => c.categories) : null;
    const groups = clusters ?? expertGroups(matrix, tau, 'paper');
    const { experts } = selectExperts(table, groups, options);
    return { tau, weak: weakCategories(matrix, tau).weak, clusters, experts: experts.map((e) => e.model) };
  });
}
