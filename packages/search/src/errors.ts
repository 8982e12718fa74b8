/**
 * The input errors of @soce/search. Each means "what you asked for is wrong" (exit code 2 in the
 * CLI), never "something broke", and its message names the expert, value, file or line at fault
 * and says how to fix it.
 */

/** Weights or exact points that are not on the simplex, or expert names that are unusable. */
export class WeightsError extends Error {
  override readonly name = 'WeightsError';
}

/** A grid step that does not divide 1, or weight bounds that no point of the simplex satisfies. */
export class GridError extends Error {
  override readonly name = 'GridError';
}

/** A journal that belongs to another search or whose contents are damaged beyond a torn tail. */
export class JournalError extends Error {
  override readonly name = 'JournalError';
}

/** Search options out of range: concurrency, budget, objective, coordinate-ascent schedule. */
export class SearchOptionsError extends Error {
  override readonly name = 'SearchOptionsError';
}

/**
 * The `name` of every input error class above, for a CLI that maps input errors to their own
 * exit code by name (the packages do not depend on the CLI).
 */
export const SEARCH_INPUT_ERROR_NAMES: readonly string[] = [
  'WeightsError',
  'GridError',
  'JournalError',
  'SearchOptionsError',
];
