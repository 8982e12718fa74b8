import { parse } from 'csv-parse/sync';
import { scoreTableFromRaw, type RawRow } from './raw_score_table.ts';
import type { ScoreTable } from './score_table.ts';
import { ScoreTableError } from './score_table_error.ts';
import { checkScoreTableOptions, type ScoreTableOptions } from './score_table_options.ts';

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
  readonly raw: string;
}

/**
 * Reads a score table from CSV text (the first record is the header; one row per model). `source`
 * names the text in messages (usually the file name). Cells and headers are trimmed, blank lines
 * and rows of empty cells are skipped, a byte-order mark is ignored, and quotes inside unquoted
 * fields are kept as written. Throws `ScoreTableError` and nothing else.
 */
export function parseScoreTableCsv(text: string, source: string, options: ScoreTableOptions = {}): ScoreTable {
  const checked = checkScoreTableOptions(options, source);
  if (typeof text !== 'string') throw new ScoreTableError({ source }, 'expected the CSV text as a string');
  let records: CsvRecord[];
  try {
    // With `info` and `raw`, csv-parse returns records with their line and raw text, which its
    // typings do not express.
    records = parse(text, {
      delimiter: checked.delimiter ?? ',',
      bom: true,
      trim: true,
      info: true,
      raw: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : undefined;
    const message = error instanceof Error ? error.message : String(error);
    throw new ScoreTableError(line === undefined ? { source } : { source, line }, `not valid CSV (${message}); check the quotes and separators`);
  }
  const [head, ...body] = records;
  if (head === undefined) throw new ScoreTableError({ source }, 'the file is empty; expected a header line naming the model and category columns, then one row per model');
  const header = head.record;
  const rows: RawRow[] = body.map(({ record, info, raw }) => {
    const at = startLine(info.lines, raw);
    if (record.length !== header.length) {
      throw new ScoreTableError({ source, line: at }, `${record.length} fields but the header has ${header.length}; every row needs one field per header column (quote fields that contain "${checked.delimiter ?? ','}")`);
    }
    return { at, cells: record };
  });
  return scoreTableFromRaw({ layout: 'columns', source, header, rows }, checked);
}

// csv-parse reports the line a record ends on; a quoted field may span lines, so count back.
function startLine(endLine: number, raw: string): number {
  const breaks = raw.replace(/(\r\n|\n|\r)$/, '').match(/\r\n|\n|\r/g);
  return endLine - (breaks?.length ?? 0);
}
