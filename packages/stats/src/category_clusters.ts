import type { CorrelationMatrix } from './correlation_matrix.ts';
import { checkTau } from './tau.ts';

/**
 * How the similarity of two clusters is measured from the |ρ| of their members' pairs:
 * `average` (UPGMA, the SoCE default) or `complete` (the weakest pair).
 */
export const LINKAGES = ['average', 'complete'] as const;

/** One of {@link LINKAGES}. */
export type Linkage = (typeof LINKAGES)[number];

/** A group of categories that move together across models. */
export interface CategoryCluster {
  /** The categories, in matrix order. */
  readonly categories: readonly string[];
  /** The smallest |ρ| between two members (`null` for a single category or when none is defined). */
  readonly minAbsCorrelation: number | null;
}

/**
 * Agglomerative clustering of categories on the distance `d = 1 − |ρ|`, cut at height `1 − τ`.
 * Starting from single categories, the two clusters with the smallest linkage distance merge, as
 * long as that distance is at most `1 − τ` (computed as: their linkage |ρ| is at least `τ`, with
 * no rounding in between). So two categories the paper's rule calls weakly correlated
 * (`|ρ| < τ`) are never merged as a pair:
 * - with `complete` linkage they always end in different clusters;
 * - with `average` linkage they can share a cluster only when the other members' correlations
 *   outweigh theirs on average; `minAbsCorrelation` shows when that happened.
 * Undefined coefficients are left out of the averages; clusters with no defined coefficient
 * between them never merge (and, for `complete`, neither do clusters with any undefined one).
 * Ties merge the pair whose first members come first in matrix order. Clusters are listed in the
 * order of their first category.
 */
export function clusterCategories(matrix: CorrelationMatrix, tau: number, linkage: Linkage = 'average'): CategoryCluster[] {
  checkTau(tau);
  const abs = matrix.entries.map((row) => row.map((e) => (e.r === null ? null : Math.abs(e.r))));
  let clusters: number[][] = matrix.categories.map((_, i) => [i]);
  for (;;) {
    let best: { a: number; b: number; similarity: number } | null = null;
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        const similarity = linkageSimilarity(abs, clusters[a] ?? [], clusters[b] ?? [], linkage);
        if (similarity !== null && similarity >= tau && (best === null || similarity > best.similarity)) best = { a, b, similarity };
      }
    }
    if (best === null) break;
    const { a, b } = best;
    const merged = [...(clusters[a] ?? []), ...(clusters[b] ?? [])].sort((x, y) => x - y);
    clusters = clusters.filter((_, i) => i !== a && i !== b);
    clusters.push(merged);
    clusters.sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0));
  }
  return clusters.map((members) => ({
    categories: members.map((i) => matrix.categories[i] ?? ''),
    minAbsCorrelation: minWithin(abs, members),
  }));
}

function linkageSimilarity(abs: readonly (readonly (number | null)[])[], a: readonly number[], b: readonly number[], linkage: Linkage): number | null {
  let sum = 0;
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const i of a) {
    for (const j of b) {
      const value = abs[i]?.[j] ?? null;
      if (value === null) {
        if (linkage === 'complete') return null;
        continue;
      }
      sum += value;
      count += 1;
      min = Math.min(min, value);
    }
  }
  if (count === 0) return null;
  return linkage === 'complete' ? min : sum / count;
}

function minWithin(abs: readonly (readonly (number | null)[])[], members: readonly number[]): number | null {
  let min: number | null = null;
  for (const i of members) {
    for (const j of members) {
      const value = abs[i]?.[j] ?? null;
      if (j > i && value !== null) min = min === null ? value : Math.min(min, value);
    }
  }
  return min;
}
