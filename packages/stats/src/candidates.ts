import { AnalysisOptionsError } from './analysis_options_error.ts';
import { didYouMean } from './close_matches.ts';
import type { ScoreTable } from './score_table.ts';

/**
 * Checks a list of model names against the table: each must be a model of the table exactly as
 * written there (suffixes such as ` (FC)` included), once. Throws `AnalysisOptionsError` naming
 * the unknown name with close matches. `option` names the list in messages.
 */
export function checkModels(table: ScoreTable, names: readonly string[], option = 'candidates'): string[] {
  if (names.length === 0) throw new AnalysisOptionsError(`${option}: the list is empty; name at least one model of ${table.source}`);
  const seen = new Set<string>();
  for (const name of names) {
    if (!table.hasModel(name)) {
      throw new AnalysisOptionsError(`${option}: "${name}" is not a model of ${table.source}${didYouMean(name, table.models)} (names must match the table exactly, suffixes such as " (FC)" included)`);
    }
    if (seen.has(name)) throw new AnalysisOptionsError(`${option}: "${name}" is listed twice; list each model once`);
    seen.add(name);
  }
  return [...names];
}
