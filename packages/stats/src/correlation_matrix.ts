import { correlation, type Correlation, type CorrelationMethod } from './correlation.ts';
import type { ScoreTable } from './score_table.ts';

/** The correlations between every pair of categories over a population of models. */
export interface CorrelationMatrix {
  /** The coefficient used. */
  readonly method: CorrelationMethod;
  /** The categories, in the order of the rows and columns. */
  readonly categories: readonly string[];
  /** The models the coefficients were computed over. */
  readonly population: readonly string[];
  /** `entries[i][j]`: the correlation of `categories[i]` and `categories[j]`; symmetric. */
  readonly entries: readonly (readonly Correlation[])[];
}

/**
 * Correlates every pair of the table's categories across `population` (every model of the table
 * by default: the paper correlates over the whole leaderboard, not only the candidates). Missing
 * scores are skipped pair by pair, so each entry carries its own `n`. The diagonal is exactly 1
 * where the category varies over at least `MIN_PAIRS` models, `null` otherwise.
 */
export function correlationMatrix(table: ScoreTable, options: { readonly method?: CorrelationMethod; readonly population?: readonly string[] } = {}): CorrelationMatrix {
  const method = options.method ?? 'pearson';
  const population = [...(options.population ?? table.models)];
  const columns = table.categories.map((c) => table.column(c, population));
  const k = columns.length;
  const entries: Correlation[][] = Array.from({ length: k }, () => new Array<Correlation>(k));
  for (let i = 0; i < k; i++) {
    const own = correlation(columns[i] ?? [], columns[i] ?? [], method);
    (entries[i] as Correlation[])[i] = own.r === null ? own : { r: 1, n: own.n, reason: null };
    for (let j = i + 1; j < k; j++) {
      const c = correlation(columns[i] ?? [], columns[j] ?? [], method);
      (entries[i] as Correlation[])[j] = c;
      (entries[j] as Correlation[])[i] = c;
    }
  }
  return { method, categories: [...table.categories], population, entries };
}

/** The coefficients alone (`null` where undefined), row by row, as JSON reports carry them. */
export function correlationValues(matrix: CorrelationMatrix): (number | null)[][] {
  return matrix.entries.map((row) => row.map((e) => e.r));
}

/** The number of models behind each coefficient, row by row. */
export function correlationCounts(matrix: CorrelationMatrix): number[][] {
  return matrix.entries.map((row) => row.map((e) => e.n));
}

/**
 * The mean of the coefficients above the diagonal that are defined, with how many there were;
 * `mean: null` when none is. The paper's "consistency": souping raises it.
 */
export function meanOffDiagonal(matrix: CorrelationMatrix, transform: (r: number) => number = (r) => r): { mean: number | null; pairs: number } {
  let sum = 0;
  let pairs = 0;
  matrix.entries.forEach((row, i) =>
    row.forEach((e, j) => {
      if (j > i && e.r !== null) {
        sum += transform(e.r);
        pairs += 1;
      }
    }),
  );
  return { mean: pairs === 0 ? null : sum / pairs, pairs };
}
