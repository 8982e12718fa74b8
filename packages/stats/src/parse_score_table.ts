import type { ScoreTable } from './score_table.ts';
import { parseScoreTableCsv } from './score_table_csv.ts';
import { parseScoreTableJson } from './score_table_json.ts';
import type { ScoreTableOptions } from './score_table_options.ts';

/** The text formats a score table can be written in. */
export type ScoreTableFormat = 'csv' | 'tsv' | 'json';

/**
 * The format of a score table: `format` when given, else the extension of `source` (`.json`,
 * `.tsv`, `.csv`), else JSON when the text starts with `{` or `[` and CSV otherwise.
 */
export function scoreTableFormat(text: string, source: string, format?: ScoreTableFormat): ScoreTableFormat {
  if (format !== undefined) return format;
  const extension = /\.([a-z]+)$/i.exec(source)?.[1]?.toLowerCase();
  if (extension === 'json' || extension === 'tsv' || extension === 'csv') return extension;
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}

/** Reads a score table from text in any supported format (see `scoreTableFormat`). */
export function parseScoreTable(text: string, source: string, options: ScoreTableOptions & { readonly format?: ScoreTableFormat } = {}): ScoreTable {
  const { format, ...rest } = options;
  switch (scoreTableFormat(text, source, format)) {
    case 'json':
      return parseScoreTableJson(text, source, rest);
    case 'tsv':
      return parseScoreTableCsv(text, source, { delimiter: '\t', ...rest });
    case 'csv':
      return parseScoreTableCsv(text, source, rest);
  }
}
