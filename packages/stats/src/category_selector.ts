import { didYouMean } from './close_matches.ts';
import { ScoreTableError } from './score_table_error.ts';

/**
 * Picks columns by selectors, in selector order, without repeats. A selector is
 * - `/body/flags`: a regular expression tested against each header (the `g` and `y` flags are
 *   dropped since they make tests stateful);
 * - the exact header of a column (this wins over the next rule, so a name containing `*` works);
 * - a glob where `*` matches any run of characters and `?` any one character, matching the whole
 *   header, case-sensitively.
 * A pattern never selects the model column. Throws `ScoreTableError` for an unknown name (with
 * close matches), a pattern matching nothing, an invalid regular expression, or a header that
 * appears twice (the selection would be ambiguous).
 */
export function selectColumns(selectors: readonly string[], header: readonly string[], context: { source: string; modelColumn: number | null }): number[] {
  const { source, modelColumn } = context;
  const chosen: number[] = [];
  const choose = (index: number, selector: string): void => {
    const name = header[index] ?? '';
    const twin = header.findIndex((h, i) => h === name && i !== index);
    if (twin !== -1) {
      throw new ScoreTableError({ source, column: name }, `the header has two columns named "${name}" (columns ${Math.min(index, twin) + 1} and ${Math.max(index, twin) + 1}), so category selector "${selector}" is ambiguous; rename one of them`);
    }
    if (!chosen.includes(index)) chosen.push(index);
  };
  for (const selector of selectors) {
    if (selector.trim() === '') throw new ScoreTableError({ source }, 'an empty category name was given; list category names, globs or /regular expressions/');
    const pattern = patternOf(selector, header, source);
    if (pattern === null) {
      const index = header.indexOf(selector);
      if (index === -1) {
        throw new ScoreTableError({ source, column: selector }, `no such category column${didYouMean(selector, header)}; the columns are ${header.map((h) => JSON.stringify(h)).join(', ')}`);
      }
      if (index === modelColumn) throw new ScoreTableError({ source, column: selector }, 'this is the model column, not a category; choose score columns as categories');
      choose(index, selector);
      continue;
    }
    const matches = header.flatMap((h, i) => (i !== modelColumn && h.trim() !== '' && pattern.test(h) ? [i] : []));
    if (matches.length === 0) throw new ScoreTableError({ source }, `category pattern "${selector}" matches no column; the columns are ${header.map((h) => JSON.stringify(h)).join(', ')}`);
    for (const i of matches) choose(i, selector);
  }
  return chosen;
}

function patternOf(selector: string, header: readonly string[], source: string): RegExp | null {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(selector);
  if (regex !== null) {
    try {
      return new RegExp(regex[1] ?? '', (regex[2] ?? '').replace(/[gy]/g, ''));
    } catch (error) {
      throw new ScoreTableError({ source }, `category pattern ${selector} is not a valid regular expression (${error instanceof Error ? error.message : String(error)}); fix it or give the category names`);
    }
  }
  if (header.includes(selector) || !/[*?]/.test(selector)) return null;
  const body = selector.split(/([*?])/).map((part) => (part === '*' ? '.*' : part === '?' ? '.' : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}
