import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvaluationError } from './evaluation_error.ts';
import { LM_EVAL_DEFAULT_METRICS, parseLmEvalResults, type LmEvalOptions } from './lm_eval_results.ts';

// Real results files of lm-evaluation-harness, 0.4.0 era to 0.4.13: see test-fixtures/lm-eval/README.md.
const FIXTURES = new URL('../test-fixtures/lm-eval/', import.meta.url);

async function fixture(name: string): Promise<string> {
  const url = new URL(name, FIXTURES);
  if ('Deno' in globalThis) return (globalThis as unknown as { Deno: { readTextFile(u: URL): Promise<string> } }).Deno.readTextFile(url);
  const { readFile } = await import('node:fs/promises');
  return readFile(url, 'utf8');
}

/** Parses and collects the notes the parser makes. */
function parse(text: string, options: LmEvalOptions = {}): { scores: Record<string, number>; notes: string[] } {
  const notes: string[] = [];
  const scores = parseLmEvalResults(text, 'out/results_2025.json', { ...options, onNote: (note) => notes.push(note) });
  return { scores, notes };
}

function fails(text: string, message: RegExp, options: LmEvalOptions = {}): void {
  assert.throws(
    () => parseLmEvalResults(text, 'out/results_2025.json', options),
    (error: unknown) => error instanceof EvaluationError && /^out\/results_2025\.json: /.test(error.message) && message.test(error.message),
  );
}

test('task-version-0 test data (no ",filter" in metric names) is read by the old-format names, acc_norm before acc', async () => {
  assert.deepEqual(parse(await fixture('v0-arc_easy-testdata.json')).scores, { arc_easy: 0.24074074074074073 * 100 });
  assert.deepEqual(parse(await fixture('v0-gsm8k-testdata.json')).scores, { gsm8k: 0 });
  assert.deepEqual(LM_EVAL_DEFAULT_METRICS.slice(-4), ['acc_norm', 'acc', 'exact_match', 'f1']);
});

test('0.4.7: a task that group_subtasks maps to [] is a top-level task', async () => {
  assert.deepEqual(parse(await fixture('v0.4.7-mmlu-subtask.json')).scores, { mmlu_abstract_algebra: 34 });
});

test('a group with aggregation is one category by default, its members are not; categories: picks entries by name', async () => {
  const text = await fixture('v0.4.x-cpu-group-regression.json');
  assert.deepEqual(parse(text), { scores: { regression_arc: 0.05 * 100 }, notes: [] });
  assert.deepEqual(parse(text, { categories: ['arc_challenge', 'arc_easy'] }).scores, { arc_challenge: 0, arc_easy: 0.1 * 100 });
  assert.deepEqual(parse(text, { categories: ['arc_*'], metrics: { arc_easy: 'acc,none' } }).scores, { arc_challenge: 0, arc_easy: 0.3 * 100 });
  fails(text, /the configured categories do not match the tasks and groups lm-eval scored \(arc_challenge, arc_easy, regression_arc\): .*"arc-easy"/, { categories: ['arc-easy'] });
});

test('"N/A" standard errors are no scores; a task with only lower-is-better metrics needs a metric, and one that is lower-is-better is refused', async () => {
  const text = await fixture('v0.4.x-cpu-regression.json');
  fails(text, /"wikitext" has none of the metrics acc_norm,none, .*; name the one to use in evaluator\.metrics \(e\.g\. wikitext: "<metric>,<filter>"; it has: bits_per_byte,none, byte_perplexity,none, word_perplexity,none\)/);
  assert.deepEqual(parse(text, { categories: ['arc_easy', 'lambada_openai'] }).scores, { arc_easy: 0.1 * 100, lambada_openai: 0.1 * 100 });
  fails(text, /"wikitext": word_perplexity,none is lower-is-better \(lm-eval's higher_is_better says so\), and soce maximises its scores/, {
    categories: ['wikitext'],
    metrics: { wikitext: 'word_perplexity,none' },
  });
});

test('0.4.13: groups without aggregate are the mean of their members (said in a note), NaN elsewhere is read, custom-extract is a default metric', async () => {
  const text = await fixture('v0.4.13-groups-nan-custom-extract.json');
  assert.match(text, /"undefined,none": NaN/, 'the file really holds a Python NaN');
  const toy = 0.6 * 100;
  const toyPro = 0;
  assert.deepEqual(parse(text), {
    scores: { toy_nan: 0.6666666666666666 * 100, toy_suite: (toy + toyPro) / 2 },
    notes: [`lm-eval: group "toy_suite" has no aggregate metric; scored as the mean of its 2 members (toy, toy_pro): ${(toy + toyPro) / 2}`],
  });
  assert.deepEqual(parse(text, { categories: ['toy', 'toy_pro', 'toy_colors'] }), {
    scores: { toy, toy_pro: toyPro, toy_colors: 0.3333333333333333 * 100 },
    notes: [],
  });
  // A member's named metric carries into the mean of a group without aggregate.
  const named = parse(text, { categories: ['toy_suite'], metrics: { toy_pro: 'exact_match,custom-extract' } });
  assert.equal(named.scores.toy_suite, (toy + toyPro) / 2);
});

test('only a chosen metric that is not finite fails, naming the task and the metric', async () => {
  const text = await fixture('v0.4.13-groups-nan-custom-extract.json');
  fails(text, /"toy_nan" has undefined,none = NaN, not a finite score; fix the task, or name another metric of it in evaluator\.metrics/, { metrics: { toy_nan: 'undefined,none' } });
  const infinite = text.replace('"acc,none": 0.6666666666666666,\n      "acc_stderr,none": 0.33333333333333337,\n      "undefined,none"', '"acc,none": Infinity,\n      "acc_stderr,none": 0.33333333333333337,\n      "undefined,none"');
  assert.notEqual(infinite, text);
  fails(infinite, /"toy_nan" has acc,none = Infinity, not a finite score/);
});

test('0.4.3–0.4.11: the group placeholder " ": " " marks a group without aggregate; without group_subtasks the aliases give the hierarchy', async () => {
  const text = await fixture('v0.4.3-v0.4.11-group-placeholder.json');
  const expected = { toy_suite: (0.6 * 100 + 0) / 2 };
  const withSubtasks = parse(text);
  assert.deepEqual(withSubtasks.scores, expected);
  assert.equal(withSubtasks.notes.length, 1);
  // 0.4.0 and 0.4.1 wrote no group_subtasks: the indented aliases (" - toy", "  - toy_colors") nest the entries.
  const data = JSON.parse(text) as Record<string, unknown>;
  delete data.group_subtasks;
  assert.deepEqual(parse(JSON.stringify(data)).scores, expected);
  assert.deepEqual(parse(JSON.stringify(data), { categories: ['toy', 'toy_pro_colors'] }).scores, { toy: 0.6 * 100, toy_pro_colors: 0 });
});

test('a metric that evaluator.metrics names must exist, for a task the file scores', async () => {
  const text = await fixture('v0.4.x-cpu-group-regression.json');
  fails(text, /evaluator\.metrics asks for "exact_match,none" of "regression_arc", which it does not report; it has: acc,none, acc_norm,none/, { metrics: { regression_arc: 'exact_match,none' } });
  fails(text, /evaluator\.metrics names "mmlu", which the file does not score; it scores arc_challenge, arc_easy, regression_arc/, { metrics: { mmlu: 'acc,none' } });
});

test('the scale is the caller\'s, and any task name (even __proto__) is kept', () => {
  const text = '{"results": {"__proto__": {"acc,none": 0.5}, "b": {"acc": 0.25}}}';
  const scores = parseLmEvalResults(text, 'r.json', { scale: 1 });
  assert.deepEqual(Object.entries(scores), [['__proto__', 0.5], ['b', 0.25]]);
});

test('text that is not lm-eval results is refused with the reason', () => {
  fails('Running loglikelihood requests', /not JSON \(/);
  fails('{ "arc_easy": { "acc,none": 0.7 } }', /no "results" object of tasks; is this lm-evaluation-harness's results\.json\?/);
  fails('{ "results": [0.7] }', /no "results" object/);
  fails('{ "results": { "arc": 0.7 } }', /no "results" object/);
  fails('{ "results": {} }', /"results" lists no task/);
  fails('{ "results": { "a": {"acc": 1} }, "group_subtasks": { "g": "a" } }', /group_subtasks\.g is not a list of task names/);
});
