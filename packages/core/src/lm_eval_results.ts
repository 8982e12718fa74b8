import { ScoreTableError, selectColumns } from '@soce/stats';
import { EvaluationError } from './evaluation_error.ts';
import { parsePythonJson } from './python_json.ts';
import type { CategoryScores } from '@soce/search';

/**
 * The metrics tried, in order, for a task whose metric is not named: lm-evaluation-harness 0.4
 * keys its metrics `name,filter`; its task-version-0 files (and the harness before 0.4) write the
 * bare name.
 */
export const LM_EVAL_DEFAULT_METRICS: readonly string[] = [
  'acc_norm,none',
  'acc,none',
  'exact_match,strict-match',
  'exact_match,flexible-extract',
  'exact_match,custom-extract',
  'exact_match,none',
  'pass@1,create_test',
  'f1,none',
  'acc_norm',
  'acc',
  'exact_match',
  'f1',
];

/** Options for {@link parseLmEvalResults}. */
export interface LmEvalOptions {
  /** The metric of a task or group, as lm-eval keys it (`"exact_match,custom-extract"`); others use {@link LM_EVAL_DEFAULT_METRICS}. */
  readonly metrics?: Readonly<Record<string, string>>;
  /**
   * The entries (tasks or groups; names, globs or /regular expressions/) to score. Without it: the
   * top-level entries, that is every group and every task that is in no group, so a group and its
   * members are never scored together.
   */
  readonly categories?: readonly string[];
  /** Multiplies every score (default 100: lm-evaluation-harness reports fractions, SoCE percents). */
  readonly scale?: number;
  /** Told how a score was made up where the file does not say it, e.g. a group without an aggregate. */
  readonly onNote?: (note: string) => void;
}

type Metrics = Readonly<Record<string, unknown>>;

/** One entry of `results`: a task, or a group (with or without an aggregate metric of its own). */
interface Entry {
  readonly name: string;
  readonly metrics: Metrics;
  readonly members: readonly string[];
  /** `higher_is_better` of the file for this entry: metric name (without filter) → direction. */
  readonly higherIsBetter: Readonly<Record<string, unknown>>;
}

/**
 * Reads a results file of lm-evaluation-harness (every release from 0.4.0 to 0.4.13, and its
 * task-version-0 test data) as per-category scores, so `lm_eval` itself can be the evaluator
 * command. A category is a task or a group; see {@link LmEvalOptions.categories} for which are
 * scored. Each is scored by its named metric or the first default metric it has, × 100. A group
 * that lm-eval did not aggregate (its entry carries no metric, or the placeholder `" ": " "` of
 * 0.4.3–0.4.11) is scored as the mean of its members' scores, and `onNote` is told so.
 * Python-style `NaN` and `Infinity` are read; only a chosen metric that is not finite is an error.
 * @example
 * ```ts
 * import { parseLmEvalResults } from '@soce/core';
 *
 * const text = JSON.stringify({
 *   results: {
 *     toy: { alias: 'toy', 'acc,none': 0.6 },
 *     toy_colors: { alias: ' - toy_colors', 'acc,none': 0.5, 'acc_norm,none': 0.75 },
 *     toy_animals: { alias: ' - toy_animals', 'acc,none': 0.75 },
 *     gsm8k: { alias: 'gsm8k', 'exact_match,strict-match': 0.4, 'exact_match,flexible-extract': 0.45 },
 *   },
 *   group_subtasks: { toy: ['toy_colors', 'toy_animals'], gsm8k: [] },
 * });
 * console.log(parseLmEvalResults(text, 'results.json')); // { toy: 60, gsm8k: 40 }
 * console.log(parseLmEvalResults(text, 'results.json', { categories: ['toy_colors', 'gsm8k'], metrics: { gsm8k: 'exact_match,flexible-extract' } }));
 * // { toy_colors: 75, gsm8k: 45 }
 * ```
 */
export function parseLmEvalResults(text: string, source: string, options: LmEvalOptions = {}): CategoryScores {
  let data: unknown;
  try {
    data = parsePythonJson(text);
  } catch (error) {
    throw new EvaluationError(`${source}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const entries = readEntries(data, source);
  const scale = options.scale ?? 100;
  const names = [...entries.keys()];
  const chosen = options.categories === undefined ? topLevel(entries) : selectEntries(options.categories, names, source);
  for (const task of Object.keys(options.metrics ?? {})) {
    if (!entries.has(task)) {
      throw new EvaluationError(`${source}: evaluator.metrics names "${task}", which the file does not score; it scores ${names.join(', ')}`);
    }
  }
  const score = (name: string, path: readonly string[]): number => {
    const entry = entries.get(name)!;
    const metric = chooseMetric(entry, options.metrics?.[name], source);
    if (metric !== undefined) {
      const value = entry.metrics[metric] as number;
      if (!Number.isFinite(value)) {
        throw new EvaluationError(`${source}: "${name}" has ${metric} = ${value}, not a finite score; fix the task, or name another metric of it in evaluator.metrics`);
      }
      if (entry.higherIsBetter[metric.split(',')[0]!] === false) {
        throw new EvaluationError(`${source}: "${name}": ${metric} is lower-is-better (lm-eval's higher_is_better says so), and soce maximises its scores; name a higher-is-better metric in evaluator.metrics`);
      }
      return value * scale;
    }
    if (entry.members.length === 0) {
      throw new EvaluationError(
        `${source}: "${name}" has none of the metrics ${LM_EVAL_DEFAULT_METRICS.join(', ')}; name the one to use in evaluator.metrics (e.g. ${name}: "<metric>,<filter>"; it has: ${metricKeys(entry).join(', ') || 'no metric'})`,
      );
    }
    if (path.includes(name)) throw new EvaluationError(`${source}: group "${name}" contains itself (through ${path.join(' → ')})`);
    const members = entry.members.filter((member) => entries.has(member));
    if (members.length === 0) throw new EvaluationError(`${source}: group "${name}" has no aggregate metric and none of its members (${entry.members.join(', ')}) is in "results"`);
    const values = members.map((member) => score(member, [...path, name]));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    options.onNote?.(`lm-eval: group "${name}" has no aggregate metric; scored as the mean of its ${members.length} members (${members.join(', ')}): ${mean}`);
    return mean;
  };
  // fromEntries defines each key as data, so any task name (even `__proto__`) is kept.
  return Object.fromEntries(chosen.map((name) => [name, score(name, [])]));
}

/** The metric keys of an entry: everything but its name, alias and counts. */
function metricKeys(entry: Entry): string[] {
  return Object.keys(entry.metrics).filter((key) => !['alias', 'name', 'sample_len', 'sample_count', 'samples', ' '].includes(key) && !key.includes('_stderr'));
}

function chooseMetric(entry: Entry, named: string | undefined, source: string): string | undefined {
  if (named !== undefined) {
    if (typeof entry.metrics[named] === 'number') return named;
    throw new EvaluationError(`${source}: evaluator.metrics asks for "${named}" of "${entry.name}", which it does not report; it has: ${metricKeys(entry).join(', ') || 'no metric'}`);
  }
  // The first default metric the entry reports as a number (NaN included: lm-eval's "N/A"
  // strings stand for metrics it could not compute, NaN for one that came out undefined).
  return LM_EVAL_DEFAULT_METRICS.find((m) => typeof entry.metrics[m] === 'number');
}

function readEntries(data: unknown, source: string): Map<string, Entry> {
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(data) || !isObject(data.results) || !Object.values(data.results).every(isObject)) {
    throw new EvaluationError(`${source}: no "results" object of tasks; is this lm-evaluation-harness's results.json?`);
  }
  const results = data.results as Record<string, Metrics>;
  if (Object.keys(results).length === 0) throw new EvaluationError(`${source}: "results" lists no task`);
  const members = isObject(data.group_subtasks) ? membersFromSubtasks(data.group_subtasks, source) : membersFromAliases(results);
  const groups = isObject(data.groups) ? data.groups : {};
  const directions = isObject(data.higher_is_better) ? data.higher_is_better : {};
  const entries = new Map<string, Entry>();
  const add = (name: string, metrics: Metrics): void => {
    const higherIsBetter = isObject(directions[name]) ? (directions[name] as Record<string, unknown>) : {};
    entries.set(name, { name, metrics, members: members.get(name) ?? [], higherIsBetter });
  };
  for (const [name, metrics] of Object.entries(results)) {
    // A group's aggregate also sits under "groups" (and there only, in a few releases).
    add(name, { ...(isObject(groups[name]) ? (groups[name] as Metrics) : {}), ...metrics });
  }
  // A group without an aggregate may be missing from "results" altogether; it is still a group.
  for (const [name, list] of members) if (!entries.has(name) && list.length > 0) add(name, isObject(groups[name]) ? (groups[name] as Metrics) : {});
  return entries;
}

/** `group_subtasks` (0.4.2 and later): each group's direct members; tasks map to `[]`. */
function membersFromSubtasks(subtasks: Record<string, unknown>, source: string): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const [group, list] of Object.entries(subtasks)) {
    if (!Array.isArray(list) || !list.every((m) => typeof m === 'string')) {
      throw new EvaluationError(`${source}: group_subtasks.${group} is not a list of task names`);
    }
    members.set(group, list as string[]);
  }
  return members;
}

/**
 * Before `group_subtasks` (0.4.0, 0.4.1) the hierarchy shows only in the order of `results` and
 * its aliases, which indent members under their group: `"mmlu"`, `" - humanities"`, `"  - formal_logic"`.
 */
function membersFromAliases(results: Record<string, Metrics>): Map<string, string[]> {
  const members = new Map<string, string[]>();
  const open: { name: string; depth: number }[] = [];
  for (const [name, metrics] of Object.entries(results)) {
    const alias = typeof metrics.alias === 'string' ? metrics.alias : name;
    const depth = /^(\s*)- /.exec(alias)?.[1]?.length ?? -1;
    const level = depth < 0 ? 0 : depth + 1;
    while (open.length > 0 && open.at(-1)!.depth >= level) open.pop();
    const parent = open.at(-1);
    if (parent !== undefined && level > 0) members.set(parent.name, [...(members.get(parent.name) ?? []), name]);
    open.push({ name, depth: level });
  }
  return members;
}

/** The entries no group contains, in file order. */
function topLevel(entries: ReadonlyMap<string, Entry>): string[] {
  const contained = new Set([...entries.values()].flatMap((entry) => entry.members));
  return [...entries.keys()].filter((name) => !contained.has(name));
}

function selectEntries(categories: readonly string[], names: readonly string[], source: string): string[] {
  try {
    return selectColumns(categories, names, { source, modelColumn: null }).map((i) => names[i]!);
  } catch (error) {
    if (error instanceof ScoreTableError) {
      throw new EvaluationError(`${source}: the configured categories do not match the tasks and groups lm-eval scored (${names.join(', ')}): ${error.message}`);
    }
    throw error;
  }
}
