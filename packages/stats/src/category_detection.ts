import type { IgnoredColumn } from './score_table.ts';
import { parseScoreCell } from './score_cell.ts';

/**
 * Headers that name numbers which are not scores, compared case-insensitively, with the reason
 * reported for them. Leaderboards put these between the score columns (BFCL: Rank, Cost, three
 * latency columns; "Overall Acc" aggregates every other column).
 */
export const NON_SCORE_COLUMNS: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  { pattern: /^\s*(#|no\.?|rank(ing)?|position|id|index)\s*$/i, reason: 'a rank or index' },
  { pattern: /cost|price|\$/i, reason: 'a cost' },
  { pattern: /\b(latency|time|duration|throughput|speed|seconds)\b/i, reason: 'a latency or speed' },
  { pattern: /^\s*(overall|total|average|avg)\b/i, reason: 'an overall aggregate of the other columns' },
  { pattern: /^\s*(#\s*)?(params|parameters|model size|size|release date|date|year)\b/i, reason: 'a model property' },
];

/** The rows of a table as the detection sees them: each row's cells, in header order. */
export interface DetectionInput {
  readonly header: readonly string[];
  readonly rows: readonly { readonly at: number | string; readonly cells: readonly unknown[] }[];
  readonly modelColumn: number | null;
}

/**
 * Chooses the category columns when none were selected:
 * 1. every column except the model column, unnamed columns, and columns whose header matches
 *    `NON_SCORE_COLUMNS` (a rank, a cost, a latency, an overall aggregate, a model property);
 * 2. whose every non-missing cell is a number or a percentage, with at least one score;
 * 3. when some of those columns write every score as a percentage (BFCL's `78.45%`), only those:
 *    the table writes scores as percentages, so plain-number columns are something else.
 * Columns repeated in the header are left out (a selection by name would be ambiguous).
 * Aggregate columns that summarise sub-categories (BFCL's "Live Acc") are still detected next to
 * their sub-categories: choose one level by selecting categories explicitly.
 */
export function detectCategoryColumns(input: DetectionInput): { categories: number[]; ignored: IgnoredColumn[] } {
  const { header, rows, modelColumn } = input;
  const ignored: (IgnoredColumn & { index: number })[] = [];
  const numeric: { index: number; allPercent: boolean }[] = [];
  header.forEach((column, index) => {
    if (index === modelColumn) return;
    const reason = columnReason(input, index);
    if (reason !== null) ignored.push({ index, column, reason });
    else {
      let percent = 0;
      let scores = 0;
      for (const row of rows) {
        const cell = parseScoreCell(row.cells[index]);
        if (cell.kind === 'score') {
          scores += 1;
          if (cell.percent) percent += 1;
        }
      }
      numeric.push({ index, allPercent: percent === scores });
    }
  });
  const percentOnly = numeric.some((c) => c.allPercent);
  const categories: number[] = [];
  for (const { index, allPercent } of numeric) {
    if (percentOnly && !allPercent) ignored.push({ index, column: header[index] ?? '', reason: 'plain numbers in a table whose scores are percentages' });
    else categories.push(index);
  }
  // Report ignored columns in header order whatever rule ignored them.
  ignored.sort((a, b) => a.index - b.index);
  return { categories, ignored: ignored.map(({ column, reason }) => ({ column, reason })) };
}

function columnReason(input: DetectionInput, index: number): string | null {
  const column = input.header[index] ?? '';
  if (column.trim() === '') return 'no header';
  if (input.header.indexOf(column) !== input.header.lastIndexOf(column)) return 'the header names two columns this way';
  const known = NON_SCORE_COLUMNS.find((k) => k.pattern.test(column));
  if (known !== undefined) return `looks like ${known.reason}, not a score`;
  let scores = 0;
  for (const row of input.rows) {
    const cell = parseScoreCell(row.cells[index]);
    if (cell.kind === 'invalid') return `not numeric (${typeof row.at === 'number' ? `line ${row.at}` : row.at}: ${cell.why})`;
    if (cell.kind === 'score') scores += 1;
  }
  return scores === 0 ? 'no scores (every cell is missing)' : null;
}
