import { AnalysisOptionsError } from './analysis_options_error.ts';
import type { CorrelationMethod } from './correlation.ts';
import { correlationMatrix, meanOffDiagonal, type CorrelationMatrix } from './correlation_matrix.ts';
import type { ScoreTable } from './score_table.ts';

/** The correlation structure of one score table, summarised. */
export interface ConsistencySide {
  /** The correlation matrix over the table's models. */
  readonly matrix: CorrelationMatrix;
  /** The mean of the defined off-diagonal coefficients (`null` when none is defined). */
  readonly meanCorrelation: number | null;
  /** The mean of their absolute values. */
  readonly meanAbsCorrelation: number | null;
  /** How many off-diagonal pairs were defined (and averaged). */
  readonly pairs: number;
}

/** Category correlations before and after souping (the paper's figure 2). */
export interface Consistency {
  /** The categories compared, in the order of both matrices. */
  readonly categories: readonly string[];
  /** The table before souping (e.g. the candidate checkpoints). */
  readonly before: ConsistencySide;
  /** The table after souping (e.g. the soups). */
  readonly after: ConsistencySide;
  /** `after.meanCorrelation − before.meanCorrelation` (`null` when either is undefined). */
  readonly change: number | null;
}

/**
 * Compares how consistently models perform across categories in two tables: the paper finds that
 * souping raises the correlation between categories. Each matrix is computed over all the models
 * of its own table, on `categories` (by default those of `before` that `after` also has, in
 * `before`'s order). Throws `AnalysisOptionsError` when the tables share no category or a named
 * category is missing from either.
 */
export function consistency(before: ScoreTable, after: ScoreTable, options: { readonly method?: CorrelationMethod; readonly categories?: readonly string[] } = {}): Consistency {
  const categories = options.categories === undefined ? before.categories.filter((c) => after.categories.includes(c)) : [...options.categories];
  if (categories.length < 2) {
    throw new AnalysisOptionsError(`consistency needs at least two categories in both ${before.source} and ${after.source}; they share ${categories.length === 0 ? 'none' : `only "${categories[0]}"`}`);
  }
  for (const table of [before, after]) {
    const absent = categories.find((c) => !table.categories.includes(c));
    if (absent !== undefined) throw new AnalysisOptionsError(`category "${absent}" is not in ${table.source}; choose categories both tables have`);
  }
  const side = (table: ScoreTable): ConsistencySide => {
    const matrix = correlationMatrix(table.selectCategories(categories), options.method === undefined ? {} : { method: options.method });
    const signed = meanOffDiagonal(matrix);
    return { matrix, meanCorrelation: signed.mean, meanAbsCorrelation: meanOffDiagonal(matrix, Math.abs).mean, pairs: signed.pairs };
  };
  const b = side(before);
  const a = side(after);
  return { categories, before: b, after: a, change: a.meanCorrelation === null || b.meanCorrelation === null ? null : a.meanCorrelation - b.meanCorrelation };
}
