import { AnalysisOptionsError } from './analysis_options_error.ts';
import { checkModels } from './candidates.ts';
import type { ScoreTable } from './score_table.ts';

/** A chosen expert and the categories it won. */
export interface Expert {
  /** The model's name as in the table. */
  readonly model: string;
  /** The categories (in table order) for which it is the best candidate. */
  readonly categories: readonly string[];
}

/** A category (or cluster) for which no candidate could be chosen. */
export interface UncoveredCategories {
  /** The categories of the group, in table order. */
  readonly categories: readonly string[];
  /** Why no candidate was chosen. */
  readonly reason: string;
}

/** The outcome of expert selection. */
export interface ExpertSelection {
  /** The experts, de-duplicated, in the order of the first category each won. */
  readonly experts: readonly Expert[];
  /** Experts cut by `maxExperts`, with the categories they had won (then left without an expert). */
  readonly dropped: readonly Expert[];
  /** Groups no candidate has every score for. */
  readonly uncovered: readonly UncoveredCategories[];
}

/** Which models may be chosen and how many experts to keep. */
export interface ExpertOptions {
  /** The models experts are chosen from (every model of the table by default). */
  readonly candidates?: readonly string[];
  /** Keep at most this many experts (all by default); see `selectExperts` for which are kept. */
  readonly maxExperts?: number;
}

/**
 * SoCE step 3 generalised to groups of categories: for every group, the candidate with the
 * highest mean score over the group's categories wins (for the paper's rule, each weak category is
 * a group of one; for clusters, each cluster). A candidate missing a score in the group cannot win
 * it. Ties go to the higher mean score over all the table's categories (those the candidate has),
 * then to the name that sorts first (by UTF-16 code units, so the result does not depend on a
 * locale). Winners are de-duplicated; each lists the categories it won.
 *
 * With `maxExperts`, the experts kept are those that won the most categories, ties broken as
 * above (mean score, then name); the others are reported in `dropped` with their categories.
 */
export function selectExperts(table: ScoreTable, groups: readonly (readonly string[])[], options: ExpertOptions = {}): ExpertSelection {
  const candidates = options.candidates === undefined ? [...table.models] : checkModels(table, options.candidates);
  const { maxExperts } = options;
  if (maxExperts !== undefined && (!Number.isInteger(maxExperts) || maxExperts < 1)) {
    throw new AnalysisOptionsError(`maxExperts must be a whole number of at least 1, got ${String(maxExperts)}`);
  }
  const position = new Map(table.categories.map((c, i) => [c, i]));
  const byTablePosition = (a: string, b: string): number => (position.get(a) ?? 0) - (position.get(b) ?? 0);
  const overall = new Map(candidates.map((m) => [m, table.meanScore(m) ?? Number.NEGATIVE_INFINITY]));
  const better = (a: { model: string; score: number }, b: { model: string; score: number }): boolean =>
    a.score !== b.score ? a.score > b.score : (overall.get(a.model) ?? 0) !== (overall.get(b.model) ?? 0) ? (overall.get(a.model) ?? 0) > (overall.get(b.model) ?? 0) : a.model < b.model;

  const won = new Map<string, string[]>();
  const uncovered: UncoveredCategories[] = [];
  for (const group of groups) {
    const categories = [...group].sort(byTablePosition);
    let best: { model: string; score: number } | null = null;
    for (const model of candidates) {
      const score = groupScore(table, model, categories);
      if (score !== null && (best === null || better({ model, score }, best))) best = { model, score };
    }
    if (best === null) {
      uncovered.push({ categories, reason: categories.length === 1 ? `no candidate has a score on "${categories[0]}"` : 'no candidate has a score on every category of the cluster' });
      continue;
    }
    const list = won.get(best.model) ?? [];
    list.push(...categories);
    won.set(best.model, list);
  }
  const all = [...won].map(([model, categories]) => ({ model, categories: [...new Set(categories)].sort(byTablePosition) }));
  all.sort((a, b) => byTablePosition(a.categories[0] ?? '', b.categories[0] ?? ''));
  if (maxExperts === undefined || all.length <= maxExperts) return { experts: all, dropped: [], uncovered };

  const ranked = [...all].sort((a, b) =>
    b.categories.length - a.categories.length || (overall.get(b.model) ?? 0) - (overall.get(a.model) ?? 0) || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0),
  );
  const kept = new Set(ranked.slice(0, maxExperts).map((e) => e.model));
  return { experts: all.filter((e) => kept.has(e.model)), dropped: all.filter((e) => !kept.has(e.model)), uncovered };
}

function groupScore(table: ScoreTable, model: string, categories: readonly string[]): number | null {
  let sum = 0;
  for (const category of categories) {
    const score = table.score(model, category);
    if (score === null) return null;
    sum += score;
  }
  return sum / categories.length;
}
