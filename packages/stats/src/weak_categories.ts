import type { CorrelationMatrix } from './correlation_matrix.ts';
import { checkTau } from './tau.ts';

/** Two categories whose correlation is weak: `|r| < τ`. */
export interface WeakPair {
  /** The two categories, in matrix order. */
  readonly categories: readonly [string, string];
  /** Their correlation. */
  readonly r: number;
  /** The number of models it was computed over. */
  readonly n: number;
}

/** The weak categories and the weak pairs that make them so. */
export interface WeakCategories {
  /** `L`: the categories with at least one weak partner, in matrix order. */
  readonly weak: readonly string[];
  /** Every weak pair, in matrix order. */
  readonly pairs: readonly WeakPair[];
}

/**
 * The paper's rule: `L = { k : ∃ l ≠ k with |ρ(k,l)| < τ }`. An undefined coefficient (too few
 * models, a constant category) is not evidence of weak correlation, so it never makes a category
 * weak: only measured weakness picks experts.
 */
export function weakCategories(matrix: CorrelationMatrix, tau: number): WeakCategories {
  checkTau(tau);
  const pairs: WeakPair[] = [];
  const isWeak = new Array<boolean>(matrix.categories.length).fill(false);
  matrix.entries.forEach((row, i) =>
    row.forEach((e, j) => {
      if (j > i && e.r !== null && Math.abs(e.r) < tau) {
        pairs.push({ categories: [matrix.categories[i] ?? '', matrix.categories[j] ?? ''], r: e.r, n: e.n });
        isWeak[i] = true;
        isWeak[j] = true;
      }
    }),
  );
  return { weak: matrix.categories.filter((_, i) => isWeak[i]), pairs };
}
