import { detectCategoryColumns } from './category_detection.ts';
import { selectColumns } from './category_selector.ts';
import { didYouMean } from './close_matches.ts';
import { parseScoreCell, SCORE_CELL_FIX } from './score_cell.ts';
import { ScoreTable, type IgnoredColumn } from './score_table.ts';
import { ScoreTableError } from './score_table_error.ts';
import type { ScoreTableOptions } from './score_table_options.ts';

/** One input row: where it is (a CSV line or a JSON path) and its cells. */
export interface RawRow {
  /** The 1-based line of a CSV record, or the JSON path of a row. */
  readonly at: number | string;
  /** The cells in header order (strings from CSV, any JSON value from JSON). */
  readonly cells: readonly unknown[];
}

/**
 * A table as read from a file, before its columns mean anything:
 * - `columns`: a header and rows, one of the columns holds the model names (CSV, JSON rows);
 * - `models`: rows keyed by model name, every column meant as a category (the JSON `models` object).
 */
export type RawTable =
  | { readonly layout: 'columns'; readonly source: string; readonly header: readonly string[]; readonly rows: readonly RawRow[] }
  | { readonly layout: 'models'; readonly source: string; readonly header: readonly string[]; readonly rows: readonly (RawRow & { readonly model: string })[] };

/** The headers recognised as the model column when none is named, in order of preference. */
export const MODEL_COLUMN_NAMES: readonly string[] = ['model', 'model name', 'model_name', 'modelname', 'name'];

/** Gives a raw table its meaning: finds the model column and the categories, reads every score. */
export function scoreTableFromRaw(raw: RawTable, options: ScoreTableOptions): ScoreTable {
  const { source, header } = raw;
  if (raw.rows.length === 0) throw new ScoreTableError({ source }, 'the table has no rows of scores; add one row per model');
  const modelColumn = raw.layout === 'models' ? null : findModelColumn(header, options.modelColumn, source);
  const models = raw.layout === 'models' ? raw.rows.map((row) => row.model) : raw.rows.map((row) => modelName(row, modelColumn ?? 0, header, source));
  checkUniqueModels(models, raw.rows, source);

  let categories: number[];
  let ignored: IgnoredColumn[];
  if (options.categories !== undefined) {
    // Nothing to explain: the caller chose; the other columns are simply not asked for.
    categories = selectColumns(options.categories, header, { source, modelColumn });
    ignored = [];
  } else if (raw.layout === 'models') {
    categories = header.map((_, i) => i);
    ignored = [];
  } else {
    ({ categories, ignored } = detectCategoryColumns({ header, rows: raw.rows, modelColumn }));
    if (categories.length === 0) {
      const why = ignored.map((c) => `"${c.column}": ${c.reason}`).join('; ');
      throw new ScoreTableError({ source }, `no category column found (${why}); name the score columns as categories`);
    }
  }

  const scores = raw.rows.map((row, r) =>
    categories.map((c) => {
      const cell = parseScoreCell(row.cells[c]);
      if (cell.kind === 'score') return cell.value;
      if (cell.kind === 'missing') return null;
      throw new ScoreTableError({ source, line: row.at, column: header[c] ?? '', model: models[r] ?? '' }, `${cell.why}; ${SCORE_CELL_FIX}`);
    }),
  );
  return ScoreTable.create({ source, models, categories: categories.map((c) => header[c] ?? ''), scores, ignoredColumns: ignored });
}

function findModelColumn(header: readonly string[], named: string | undefined, source: string): number {
  if (named !== undefined) {
    const index = header.indexOf(named.trim());
    if (index === -1) {
      throw new ScoreTableError({ source, column: named }, `no such model column${didYouMean(named, header)}; the columns are ${header.map((h) => JSON.stringify(h)).join(', ')}`);
    }
    checkSingle(header, index, source);
    return index;
  }
  for (const candidate of MODEL_COLUMN_NAMES) {
    const index = header.findIndex((h) => h.trim().toLowerCase() === candidate);
    if (index !== -1) {
      checkSingle(header, index, source);
      return index;
    }
  }
  throw new ScoreTableError({ source }, `no model column: no header is named Model (or Model Name, Name); name the column holding model names (the columns are ${header.map((h) => JSON.stringify(h)).join(', ')})`);
}

function checkSingle(header: readonly string[], index: number, source: string): void {
  const name = header[index] ?? '';
  const twin = header.findIndex((h, i) => i !== index && h === name);
  if (twin !== -1) throw new ScoreTableError({ source, column: name }, `the header has two columns named "${name}" (columns ${Math.min(index, twin) + 1} and ${Math.max(index, twin) + 1}); rename one`);
}

function modelName(row: RawRow, column: number, header: readonly string[], source: string): string {
  const cell = row.cells[column];
  const at = { source, line: row.at, column: header[column] ?? '' };
  if (typeof cell !== 'string') throw new ScoreTableError(at, `the model name must be text, not ${cell === null || cell === undefined ? 'empty' : JSON.stringify(cell)}; name the model`);
  const name = cell.trim();
  if (name === '') throw new ScoreTableError(at, 'empty model name; name the model or remove the row');
  return name;
}

function checkUniqueModels(models: readonly string[], rows: readonly RawRow[], source: string): void {
  const first = new Map<string, RawRow>();
  models.forEach((model, i) => {
    const row = rows[i];
    if (row === undefined) return;
    const earlier = first.get(model);
    if (earlier !== undefined) {
      const where = typeof earlier.at === 'number' ? `line ${earlier.at}` : earlier.at;
      throw new ScoreTableError({ source, line: row.at, model }, `model "${model}" already has a row (${where}); keep one row per model or rename one`);
    }
    first.set(model, row);
  });
}
