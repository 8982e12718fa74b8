/**
 * Correlation matrices written the short way, for tests of what is computed from a matrix.
 * @module
 */
import type { Correlation } from '../src/correlation.ts';
import type { CorrelationMatrix } from '../src/correlation_matrix.ts';

/**
 * A Pearson matrix of `categories` from its upper triangle, row by row (`null`: undefined, as for
 * too few pairs); every defined coefficient counts 10 models.
 */
export function matrixOf(categories: readonly string[], upper: readonly (number | null)[]): CorrelationMatrix {
  const k = categories.length;
  let next = 0;
  const entries: Correlation[][] = Array.from({ length: k }, () => new Array<Correlation>(k));
  for (let i = 0; i < k; i++) {
    entries[i]![i] = { r: 1, n: 10, reason: null };
    for (let j = i + 1; j < k; j++) {
      const r = upper[next++] ?? null;
      const e: Correlation = r === null ? { r: null, n: 2, reason: 'too-few-pairs' } : { r, n: 10, reason: null };
      entries[i]![j] = e;
      entries[j]![i] = e;
    }
  }
  return { method: 'pearson', categories, population: [], entries };
}
