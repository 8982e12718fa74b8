import { z } from 'zod';
import { EvaluationError } from './evaluation_error.ts';
import type { CategoryScores } from '@soce/search';

/**
 * The metrics tried, in order, when a task's metric is not named: lm-evaluation-harness keys its
 * metrics `name,filter`, and most tasks report one of these.
 */
export const LM_EVAL_DEFAULT_METRICS: readonly string[] = [
  'acc_norm,none',
  'acc,none',
  'exact_match,strict-match',
  'exact_match,flexible-extract',
  'exact_match,none',
  'pass@1,create_test',
  'f1,none',
];

const resultsSchema = z.object({
  results: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/** Options for {@link parseLmEvalResults}. */
export interface LmEvalOptions {
  /** Metric keys to try in order (e.g. `acc,none`); defaults to {@link LM_EVAL_DEFAULT_METRICS}. */
  readonly metrics?: readonly string[];
  /** Multiplies every score (default 100: lm-evaluation-harness reports fractions, SoCE percents). */
  readonly scale?: number;
}

/**
 * Reads lm-evaluation-harness's `results.json` (`{ "results": { task: { "acc,none": 0.61, … } } }`)
 * as per-category scores, one category per task, so `lm_eval` itself can be the evaluator command.
 */
export function parseLmEvalResults(text: string, source: string, options: LmEvalOptions = {}): CategoryScores {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new EvaluationError(`${source}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = resultsSchema.safeParse(data);
  if (!parsed.success) {
    throw new EvaluationError(`${source}: no "results" object of tasks; is this lm-evaluation-harness's results.json?`);
  }
  const metrics = options.metrics ?? LM_EVAL_DEFAULT_METRICS;
  const scale = options.scale ?? 100;
  const scores: [string, number][] = [];
  // The parsed text's own entries, not zod's copy, which drops a key named `__proto__`.
  for (const [task, values] of Object.entries((data as { results: Record<string, Record<string, unknown>> }).results)) {
    const metric = metrics.find((m) => typeof values[m] === 'number' && Number.isFinite(values[m]));
    if (metric === undefined) {
      throw new EvaluationError(
        `${source}: task "${task}" has none of the metrics ${metrics.join(', ')}; name the metric to use (it has: ${Object.keys(values).join(', ')})`,
      );
    }
    scores.push([task, (values[metric] as number) * scale]);
  }
  if (scores.length === 0) throw new EvaluationError(`${source}: "results" lists no task`);
  // fromEntries defines each key as data, so any task name (even `__proto__`) is kept.
  return Object.fromEntries(scores);
}
