/**
 * The input errors of @soce/search. Each means "what you asked for is wrong" (kind `input`: exit
 * code 2 in the CLI), never "something broke", and its message names the expert, value, file or
 * line at fault and says how to fix it.
 */
import { SoceError } from '@soce/common';

/** Weights or exact points that are not on the simplex, or expert names that are unusable. Code `weights`. */
export class WeightsError extends SoceError<'weights'> {
  override readonly name = 'WeightsError';
  /** `message` should name the expert or value at fault and the fix. */
  constructor(message: string) {
    super(message, { code: 'weights', kind: 'input' });
  }
}

/** A grid step that does not divide 1, or weight bounds that no point of the simplex satisfies. Code `grid`. */
export class GridError extends SoceError<'grid'> {
  override readonly name = 'GridError';
  /** `message` should name the step or bounds at fault and the fix. */
  constructor(message: string) {
    super(message, { code: 'grid', kind: 'input' });
  }
}

/** A journal that belongs to another search or whose contents are damaged beyond a torn tail. Code `journal`. */
export class JournalError extends SoceError<'journal'> {
  override readonly name = 'JournalError';
  /** `message` should name the journal, the line and the fix. */
  constructor(message: string) {
    super(message, { code: 'journal', kind: 'input' });
  }
}

/** Search options out of range: concurrency, budget, objective, coordinate-ascent schedule. Code `search-options`. */
export class SearchOptionsError extends SoceError<'search-options'> {
  override readonly name = 'SearchOptionsError';
  /** `message` should name the option and the fix. */
  constructor(message: string) {
    super(message, { code: 'search-options', kind: 'input' });
  }
}
