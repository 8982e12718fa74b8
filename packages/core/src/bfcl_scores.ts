import { didYouMean, parseScoreTableCsv, ScoreTableError } from '@soce/stats';
import { EvaluationError } from './evaluation_error.ts';
import type { CategoryScores } from '@soce/search';

/** Options for {@link parseBfclScores}. */
export interface BfclScoreOptions {
  /** The model's row, as BFCL names it; needed only when the file scores several models. */
  readonly model?: string;
  /** The category columns (headers, globs or /regex/); detected as the score columns otherwise. */
  readonly categories?: readonly string[];
}

/**
 * Reads the score CSV that BFCL's own `bfcl evaluate` writes (`score/data_overall.csv`, the layout
 * of the leaderboard: `78.45%` cells, `N/A`, non-score columns) as one model's per-category scores,
 * so BFCL's CLI can be the evaluator command. Missing (`N/A`) categories are left out.
 */
export function parseBfclScores(text: string, source: string, options: BfclScoreOptions = {}): CategoryScores {
  let table;
  try {
    table = parseScoreTableCsv(text, source, options.categories === undefined ? {} : { categories: options.categories });
  } catch (error) {
    if (error instanceof ScoreTableError) throw new EvaluationError(error.message);
    throw error;
  }
  const model = options.model ?? (table.models.length === 1 ? table.models[0] : undefined);
  if (model === undefined) {
    throw new EvaluationError(`${source}: scores ${table.models.length} models; name the one to read (${table.models.join(', ')})`);
  }
  if (!table.hasModel(model)) {
    throw new EvaluationError(`${source}: no row for model "${model}"${didYouMean(model, table.models)}`);
  }
  const scores = table.categories.flatMap((category): [string, number][] => {
    const score = table.score(model, category);
    return score === null ? [] : [[category, score]];
  });
  if (scores.length === 0) throw new EvaluationError(`${source}: model "${model}" has no score in any category`);
  return Object.fromEntries(scores);
}
