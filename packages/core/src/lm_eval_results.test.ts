import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvaluationError } from './evaluation_error.ts';
import { LM_EVAL_DEFAULT_METRICS, parseLmEvalResults } from './lm_eval_results.ts';

/** The shape lm-evaluation-harness 0.4 writes to results_<timestamp>.json (trimmed). */
const RESULTS = JSON.stringify({
  results: {
    arc_easy: { alias: 'arc_easy', 'acc,none': 0.7512, 'acc_stderr,none': 0.0089, 'acc_norm,none': 0.7008, 'acc_norm_stderr,none': 0.0094 },
    gsm8k: {
      alias: 'gsm8k',
      'exact_match,strict-match': 0.4549,
      'exact_match_stderr,strict-match': 0.0137,
      'exact_match,flexible-extract': 0.4617,
      'exact_match_stderr,flexible-extract': 0.0137,
    },
    mmlu_abstract_algebra: { alias: ' - abstract_algebra', 'acc,none': 0.31, 'acc_stderr,none': 0.0465 },
  },
  groups: {},
  configs: { arc_easy: { task: 'arc_easy', num_fewshot: 0, metric_list: [{ metric: 'acc' }, { metric: 'acc_norm' }] } },
  versions: { arc_easy: 1.0, gsm8k: 3.0, mmlu_abstract_algebra: 1.0 },
  'n-shot': { arc_easy: 0, gsm8k: 5, mmlu_abstract_algebra: 0 },
  higher_is_better: { arc_easy: { acc: true, acc_norm: true } },
  'n-samples': { arc_easy: { original: 2376, effective: 2376 } },
  config: { model: 'hf', model_args: 'pretrained=/runs/soups/a-0.5_b-0.5', batch_size: 'auto' },
  git_hash: '3b6a5a3',
  date: 1715000000.123,
});

function fails(text: string, message: RegExp, metrics?: readonly string[]): void {
  assert.throws(
    () => parseLmEvalResults(text, 'out/results_2025.json', metrics === undefined ? {} : { metrics }),
    (error: unknown) => error instanceof EvaluationError && /^out\/results_2025\.json: /.test(error.message) && message.test(error.message),
  );
}

test('one category per task, by the first default metric the task has, in percent', () => {
  assert.deepEqual(parseLmEvalResults(RESULTS, 'results.json'), {
    arc_easy: 0.7008 * 100, // acc_norm is preferred over acc
    gsm8k: 0.4549 * 100, // strict-match before flexible-extract
    mmlu_abstract_algebra: 0.31 * 100,
  });
  assert.deepEqual(LM_EVAL_DEFAULT_METRICS.slice(0, 2), ['acc_norm,none', 'acc,none']);
});

test('named metrics are tried in order, and the scale is the caller\'s', () => {
  assert.deepEqual(parseLmEvalResults(RESULTS, 'results.json', { metrics: ['acc,none', 'exact_match,flexible-extract'], scale: 1 }), {
    arc_easy: 0.7512,
    gsm8k: 0.4617,
    mmlu_abstract_algebra: 0.31,
  });
});

test('a metric that is not a finite number is passed over for the next one', () => {
  const text = JSON.stringify({ results: { arc: { alias: 'arc', 'acc_norm,none': 'N/A', 'acc,none': 0.5 } } });
  assert.deepEqual(parseLmEvalResults(text, 'results.json'), { arc: 50 });
});

test('a task without any of the metrics is named with the metrics it has', () => {
  fails(RESULTS, /task "gsm8k" has none of the metrics acc,none; name the metric to use \(it has: alias, exact_match,strict-match, /, ['acc,none']);
});

test('text that is not lm-eval results is refused with the reason', () => {
  fails('Running loglikelihood requests', /not JSON \(/);
  fails('{ "arc_easy": { "acc,none": 0.7 } }', /no "results" object of tasks; is this lm-evaluation-harness's results\.json\?/);
  fails('{ "results": [0.7] }', /no "results" object/);
  fails('{ "results": { "arc": 0.7 } }', /no "results" object/);
  fails('{ "results": {} }', /"results" lists no task/);
});
