import { didYouMean, parseScoreTableCsv, ScoreTableError, type ScoreTable } from '@soce/stats';
import { joinPath, type FileSystem } from '@soce/tensors';
import { EvaluationError } from './evaluation_error.ts';
import type { CategoryScores } from '@soce/search';

/** Options for {@link parseBfclScores} and {@link readBfclScores}. */
export interface BfclScoreOptions {
  /** The model's row, as the `Model` column names it (`xLAM-2-8b-fc-r (FC)`); needed only when the file scores several models. */
  readonly model?: string;
  /**
   * The columns to score (headers, globs or /regex/), exactly these. Without it: BFCL's top-level
   * categories ({@link BFCL_TOP_LEVEL}), never an aggregate beside its parts.
   */
  readonly categories?: readonly string[];
  /** Told how the scores were chosen where the file alone does not say it (a partial run). */
  readonly onNote?: (note: string) => void;
}

/**
 * The top-level categories of BFCL's `data_overall.csv`, as its leaderboard shows them: v3's five
 * (the SoCE paper's), v4's Web Search and Memory, and the short-lived "Agentic Acc". "Overall Acc"
 * aggregates all of them and is never a default category; neither are cost, latency or format
 * sensitivity, which are not accuracies.
 */
export const BFCL_TOP_LEVEL: readonly string[] = [
  'Non-Live AST Acc',
  'Live Acc',
  'Multi Turn Acc',
  'Web Search Acc',
  'Memory Acc',
  'Agentic Acc',
  'Relevance Detection',
  'Irrelevance Detection',
];

/**
 * The columns of `data_overall.csv` that BFCL's `eval_runner_helper` computes from other columns.
 * Live Acc and Multi Turn Acc (and Overall Acc) are printed as numbers even when some of their
 * parts were not evaluated, which count as 0 in them; the others are N/A then.
 */
const AGGREGATE_PARTS: Readonly<Record<string, readonly string[]>> = {
  'Non-Live AST Acc': ['Non-Live Simple AST', 'Non-Live Multiple AST', 'Non-Live Parallel AST', 'Non-Live Parallel Multiple AST'],
  'Live Acc': ['Live Simple AST', 'Live Multiple AST', 'Live Parallel AST', 'Live Parallel Multiple AST'],
  'Multi Turn Acc': ['Multi Turn Base', 'Multi Turn Miss Func', 'Multi Turn Miss Param', 'Multi Turn Long Context'],
  'Web Search Acc': ['Web Search Base', 'Web Search No Snippet'],
  'Memory Acc': ['Memory KV', 'Memory Vector', 'Memory Recursive Summarization'],
  'Agentic Acc': ['Agentic Web Search Summary', 'Agentic Memory Summary'],
};

/** Every score column of `data_overall.csv` this reader knows: the top level and the parts. */
const KNOWN_COLUMNS: readonly string[] = [...new Set([...BFCL_TOP_LEVEL, ...Object.values(AGGREGATE_PARTS).flat()])];

/** The section files read beside `data_overall.csv`: only data_live.csv shows what the overall file does not (v3's live relevance and irrelevance). */
const SECTION_FILES = ['data_live.csv'] as const;

/** BFCL's score files: `data_overall.csv` and, when at hand, the section files beside it. */
export interface BfclScoreFiles {
  /** The text of `data_overall.csv`. */
  readonly overall: string;
  /** Section file name (`data_live.csv`, …) → its text. */
  readonly sections?: Readonly<Record<string, string>>;
}

/**
 * Reads the scores BFCL's own `bfcl evaluate` writes (its `eval_runner_helper`: the leaderboard
 * layout, `78.45%` cells, `N/A`, rank/cost/latency columns) as one model's per-category scores,
 * so BFCL's CLI can be the evaluator command. v3 and v4 column sets are both understood.
 *
 * With `categories`, exactly those columns are scored, and one that BFCL did not (fully) score is
 * an error. Without, the top-level categories are: each whose parts were all evaluated; for one
 * whose parts were evaluated only in part (a run of some test categories), its evaluated parts,
 * since BFCL counts a missing part as 0 in Live Acc and Multi Turn Acc.
 */
export function parseBfclScores(files: string | BfclScoreFiles, source: string, options: BfclScoreOptions = {}): CategoryScores {
  const { overall, sections = {} } = typeof files === 'string' ? { overall: files } : files;
  // BFCL's headers hold no quoted commas. Columns are chosen by name, not detected: a column a
  // partial run left all N/A is still BFCL's, and tells the v3 layout from v4.
  const header = new Set((overall.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim()));
  const known = KNOWN_COLUMNS.filter((column) => header.has(column));
  if (options.categories === undefined && known.length === 0) {
    throw new EvaluationError(`${source}: none of BFCL's score columns (${BFCL_TOP_LEVEL.join(', ')}) is in the header; is this the data_overall.csv of bfcl evaluate?`);
  }
  const selected = options.categories === undefined ? undefined : readTable(overall, source, options.categories);
  const table = known.length === 0 ? selected! : readTable(overall, source, known);
  const model = options.model ?? (table.models.length === 1 ? table.models[0] : undefined);
  if (model === undefined) {
    throw new EvaluationError(`${source}: scores ${table.models.length} models; name the one to read in evaluator.model (${table.models.join(', ')})`);
  }
  if (!table.hasModel(model)) throw new EvaluationError(`${source}: no row for model "${model}"${didYouMean(model, table.models)}`);
  const has = (column: string): boolean => table.categories.includes(column);
  const score = (column: string): number | null => (has(column) ? table.score(model, column) : null);
  const missingParts = (column: string): string[] => partsOf(column, table, header, sections, model).filter((part) => part.score === null).map((part) => part.name);

  if (selected !== undefined) {
    return Object.fromEntries(
      selected.categories.map((column): [string, number] => {
        const value = selected.score(model, column);
        const missing = missingParts(column);
        if (value === null || missing.length > 0) {
          const why = value === null ? 'N/A' : `an aggregate in which BFCL counts its parts ${missing.join(', ')} as 0: they were not evaluated`;
          throw new EvaluationError(`${source}: "${column}" of ${model} is ${why}; run its test categories, or leave it out of categories:`);
        }
        return [column, value];
      }),
    );
  }

  const scores: [string, number][] = [];
  for (const column of BFCL_TOP_LEVEL.filter(has)) {
    const value = score(column);
    const missing = missingParts(column);
    if (value !== null && missing.length === 0) {
      scores.push([column, value]);
      continue;
    }
    const scored = (AGGREGATE_PARTS[column] ?? []).flatMap((part): [string, number][] => {
      const partScore = score(part);
      return partScore === null ? [] : [[part, partScore]];
    });
    scores.push(...scored);
    const instead = scored.length === 0 ? 'left out' : `scored by its evaluated parts (${scored.map(([part]) => part).join(', ')})`;
    options.onNote?.(`bfcl: ${column} of ${model} is ${value === null ? 'N/A' : 'partial'}${missing.length > 0 ? ` (not evaluated: ${missing.join(', ')})` : ''}; ${instead}`);
  }
  if (scores.length === 0) throw new EvaluationError(`${source}: model "${model}" has no score in any of BFCL's categories (${BFCL_TOP_LEVEL.filter(has).join(', ')})`);
  return Object.fromEntries(scores);
}

/**
 * Reads BFCL's scores at `path`: the score directory `bfcl evaluate` writes (`data_overall.csv`,
 * the section files, one folder per model), or a copy of `data_overall.csv` alone.
 */
export async function readBfclScores(fs: FileSystem, path: string, options: BfclScoreOptions = {}): Promise<CategoryScores> {
  if ((await fs.kind(path)) !== 'directory') return parseBfclScores(await fs.readText(path), path, options);
  const overall = joinPath(path, 'data_overall.csv');
  if ((await fs.kind(overall)) !== 'file') {
    throw new EvaluationError(`${path}: no data_overall.csv in it; is this the score directory of bfcl evaluate (its --score-dir)?`);
  }
  const sections: Record<string, string> = {};
  for (const name of SECTION_FILES) {
    const file = joinPath(path, name);
    if ((await fs.kind(file)) === 'file') sections[name] = await fs.readText(file);
  }
  return parseBfclScores({ overall: await fs.readText(overall), sections }, overall, options);
}

function readTable(text: string, source: string, categories: readonly string[] | undefined): ScoreTable {
  try {
    return parseScoreTableCsv(text, source, categories === undefined ? {} : { categories });
  } catch (error) {
    if (error instanceof ScoreTableError) throw new EvaluationError(error.message);
    throw error;
  }
}

/**
 * What an aggregate column of `data_overall.csv` is made of, each part with its score. v3's Live
 * Acc also counts live relevance and live irrelevance, which only `data_live.csv` shows apart
 * (without it, the overall Irrelevance Detection stands in: it is N/A when either part is missing).
 */
function partsOf(column: string, table: ScoreTable, header: ReadonlySet<string>, sections: Readonly<Record<string, string>>, model: string): { name: string; score: number | null }[] {
  const parts = AGGREGATE_PARTS[column];
  if (parts === undefined) return [];
  const at = (name: string): number | null => (table.categories.includes(name) ? table.score(model, name) : null);
  // A part the file has no column for is unknown, not missing (a trimmed copy of the table).
  const result = parts.filter((name) => header.has(name)).map((name) => ({ name, score: at(name) }));
  const v3 = !header.has('Web Search Acc') && !header.has('Agentic Acc');
  if (column === 'Live Acc' && v3 && header.has('Relevance Detection') && header.has('Irrelevance Detection')) {
    const live = sectionRow(sections['data_live.csv'], model);
    result.push(
      { name: 'live relevance', score: live === undefined ? at('Relevance Detection') : (live['Relevance Detection'] ?? null) },
      { name: 'live irrelevance', score: live === undefined ? at('Irrelevance Detection') : (live['Irrelevance Detection'] ?? null) },
    );
  }
  return result;
}

/** The model's row of a section file, column → score; undefined without the file or the row. */
function sectionRow(text: string | undefined, model: string): Record<string, number | null> | undefined {
  if (text === undefined) return undefined;
  let table: ScoreTable;
  try {
    table = parseScoreTableCsv(text, 'data_live.csv');
  } catch {
    return undefined;
  }
  if (!table.hasModel(model)) return undefined;
  return Object.fromEntries(table.categories.map((c) => [c, table.score(model, c)]));
}
