import type { CategoryScores } from '@soce/search';
import { joinPath, type FileSystem } from '@soce/tensors';
import { parseBfclScores, readBfclScores } from './bfcl_scores.ts';
import { EvaluationError } from './evaluation_error.ts';
import { parseLmEvalResults } from './lm_eval_results.ts';
import { parseScoresJson } from './scores_json.ts';

/**
 * How the evaluator command reports its scores: `json`, `{ "category": number }` in `{out}` or on
 * stdout; `lm-eval`, lm-evaluation-harness's results; `bfcl`, the score files of BFCL.
 */
export const SCORE_FORMATS = ['json', 'lm-eval', 'bfcl'] as const;

/** One of {@link SCORE_FORMATS}. */
export type ScoreFormat = (typeof SCORE_FORMATS)[number];

/** What to read out of the command's output beyond its format. */
export interface ScoreSelection {
  /** The categories to score (see `LmEvalOptions.categories`, `BfclScoreOptions.categories`); not used by `json`. */
  readonly categories?: readonly string[] | undefined;
  /** lm-eval: a task's or group's metric, `"<metric>,<filter>"`. */
  readonly metrics?: Readonly<Record<string, string>> | undefined;
  /** bfcl: the model's row, as the score file's `Model` column names it. */
  readonly model?: string | undefined;
}

/**
 * The path `{out}` stands for in evaluation `id`: for `lm-eval` a directory that does not exist
 * yet (lm-eval ≥ 0.4.9 takes an `--output_path` ending in `.json` as a file-name prefix, so it must
 * not end so); for `bfcl` a path where the command puts BFCL's score directory or a copy of its
 * `data_overall.csv`; for `json` a file.
 */
export function scoresPath(workDir: string, id: string, format: ScoreFormat): string {
  const suffix = { json: 'scores.json', 'lm-eval': 'lm-eval', bfcl: 'bfcl-score' }[format];
  return joinPath(workDir, `${id}.${suffix}`);
}

/**
 * Reads the scores an evaluator command left at `out` (a file, or a directory for `lm-eval` and
 * `bfcl`), else from its stdout. `note` hears how scores were made up where the output alone does
 * not say it.
 */
export async function readEvaluatorScores(
  fs: FileSystem,
  format: ScoreFormat,
  out: string,
  stdout: string,
  selection: ScoreSelection,
  note: (line: string) => void,
): Promise<CategoryScores> {
  const kind = await fs.kind(out);
  switch (format) {
    case 'json':
      return kind === 'file' ? parseScoresJson(await fs.readText(out), out) : parseScoresJson(lastJsonBlock(stdout), 'stdout');
    case 'lm-eval': {
      if (kind === undefined) throw new EvaluationError(`${out}: lm-eval wrote nothing there; give {out} as lm_eval's --output_path`);
      const file = kind === 'directory' ? await newestResultsFile(fs, out) : out;
      return parseLmEvalResults(await fs.readText(file), file, { ...lmEvalSelection(selection), onNote: note });
    }
    case 'bfcl': {
      const options = { ...bfclSelection(selection), onNote: note };
      return kind === undefined ? parseBfclScores(stdout, 'stdout', options) : readBfclScores(fs, out, options);
    }
  }
}

function lmEvalSelection(selection: ScoreSelection) {
  return { ...(selection.categories === undefined ? {} : { categories: selection.categories }), ...(selection.metrics === undefined ? {} : { metrics: selection.metrics }) };
}

function bfclSelection(selection: ScoreSelection) {
  return { ...(selection.categories === undefined ? {} : { categories: selection.categories }), ...(selection.model === undefined ? {} : { model: selection.model }) };
}

/**
 * Benchmark tools print progress before their result, so stdout is read from the last line that
 * opens a JSON object to the end.
 */
function lastJsonBlock(stdout: string): string {
  const lines = stdout.trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (lines[i]!.trimStart().startsWith('{')) return lines.slice(i).join('\n');
  }
  return stdout;
}

/**
 * lm-evaluation-harness writes `results_<timestamp>.json` below its output path (in a folder named
 * after the model since 0.4.3); the newest by its timestamped name wins.
 */
async function newestResultsFile(fs: FileSystem, dir: string): Promise<string> {
  const found: { name: string; path: string }[] = [];
  const visit = async (path: string): Promise<void> => {
    for (const name of await fs.list(path)) {
      const child = joinPath(path, name);
      const kind = await fs.kind(child);
      if (kind === 'directory') await visit(child);
      else if (kind === 'file' && /^results.*\.json$/.test(name)) found.push({ name, path: child });
    }
  };
  await visit(dir);
  found.sort((a, b) => (a.name === b.name ? (a.path < b.path ? -1 : 1) : a.name < b.name ? -1 : 1));
  const newest = found.at(-1);
  if (newest === undefined) throw new EvaluationError(`${dir}: no results*.json below it; is {out} lm_eval's --output_path?`);
  return newest.path;
}
