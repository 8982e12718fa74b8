import { SoceError } from '@soce/common';
import { selectColumns, ScoreTableError } from '@soce/stats';

/**
 * The first evaluation of a run scored other categories than the experts were chosen on (or than
 * `categories:` names): a benchmark pointed at the wrong tasks, or named differently from the
 * score table. Bad input (kind `input`, exit 2); `missing` and `extra` name the difference. Code
 * `category-mismatch`.
 */
export class CategoryMismatchError extends SoceError<'category-mismatch'> {
  override readonly name = 'CategoryMismatchError';
  /** Expected categories (or selectors) the evaluation did not score. */
  readonly missing: readonly string[];
  /** Categories the evaluation scored that were not expected. */
  readonly extra: readonly string[];

  /** `message` should name the missing and the extra categories and the fix. */
  constructor(message: string, missing: readonly string[], extra: readonly string[]) {
    super(message, { code: 'category-mismatch', kind: 'input' });
    this.missing = missing;
    this.extra = extra;
  }
}

/** What the first evaluation is checked against, and how messages name its origin. */
export interface ExpectedCategories {
  /**
   * Category names, or selectors as `categories:` takes them (a name, a glob, a `/regex/`): each
   * must pick at least one category the evaluation scored.
   */
  readonly selectors: readonly string[];
  /** Where they come from, for the message: e.g. `the score table's categories`. */
  readonly source: string;
  /** How to make them agree, for the message. */
  readonly fix: string;
}

/**
 * Checks that `scored` (the categories of a run's first evaluation) covers every expected
 * category; throws a {@link CategoryMismatchError} naming the missing and the extra ones.
 * Categories beyond the expected ones alone are fine: a benchmark may report more than the
 * experts were chosen on (the objective then counts them too).
 */
export function checkCategories(scored: readonly string[], expected: ExpectedCategories, evaluation: string): void {
  const covered = new Set<number>();
  const missing: string[] = [];
  for (const selector of expected.selectors) {
    try {
      for (const index of selectColumns([selector], scored, { source: 'the evaluation', modelColumn: null })) covered.add(index);
    } catch (error) {
      if (!(error instanceof ScoreTableError)) throw error;
      missing.push(selector);
    }
  }
  if (missing.length === 0) return;
  const extra = scored.filter((_, i) => !covered.has(i));
  const list = (names: readonly string[]): string => (names.length === 0 ? 'none' : names.map((n) => JSON.stringify(n)).join(', '));
  throw new CategoryMismatchError(
    `the first evaluation (${evaluation}) does not score every one of ${expected.source}: missing ${list(missing)}; ` +
      `it scored, beyond them, ${list(extra)}. ${expected.fix}; the run stopped before journaling this evaluation`,
    missing,
    extra,
  );
}
