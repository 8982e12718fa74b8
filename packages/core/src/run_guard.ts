/**
 * The run's early stops, kept where every evaluation's outcome is seen whatever runs it (a local
 * command, a cluster job): too many failures in a row, and a first evaluation whose categories do
 * not match the ones the experts were chosen on. Both stop the run through its abort signal, so
 * queued evaluations never start and running ones are stopped like on Ctrl-C; what finished stays
 * journaled.
 * @module
 */
import type { SoceError } from '@soce/common';
import type { FailedEvaluation } from '@soce/search';
import { checkCategories, type ExpectedCategories } from './category_check.ts';
import { ConsecutiveFailuresError } from './consecutive_failures_error.ts';
import { EvaluationError, type EvaluationLog } from './evaluation_error.ts';
import { evaluationId, type CheckpointEvaluator } from './evaluator.ts';
import type { PipelineContext, PipelineEvent } from './pipeline_context.ts';

/** Failed evaluations in a row after which a run stops, by default. */
export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;

/** Options of {@link guardRun}. */
export interface RunGuardOptions {
  /** Stop after this many evaluations in a row failed ({@link DEFAULT_MAX_CONSECUTIVE_FAILURES}). */
  readonly maxConsecutiveFailures?: number | undefined;
  /** What the first evaluation of each split must cover; no check when absent. */
  readonly categories?: ExpectedCategories | undefined;
}

/** Lines of a failed evaluation's log quoted when the run stops. */
const QUOTED_LOG_LINES = 20;

/** `a 0.5, b 0.3, c 0.2`: the non-zero weights of an evaluation, for messages. */
export function describeWeights(weights: Readonly<Record<string, number>>): string {
  return Object.entries(weights)
    .filter(([, w]) => w > 0)
    .map(([name, w]) => `${name} ${Number(w.toPrecision(6))}`)
    .join(', ');
}

/** The end of a failed evaluation's log, quoted line by line for a message. */
export function quoteLog(log: EvaluationLog): string {
  const lines = log.tail.trimEnd().split('\n').slice(-QUOTED_LOG_LINES);
  return `\nits log (${log.path}) ends:\n${lines.map((line) => `  | ${line}`).join('\n')}\n`;
}

/**
 * The same context, watched: its signal also fires (with a {@link ConsecutiveFailuresError} as
 * reason) once `maxConsecutiveFailures` fresh evaluations in a row have failed and been
 * journaled, and (with a `CategoryMismatchError`) when the first evaluation of a split does not
 * cover `categories`; that evaluation is then not journaled, so a fixed rerun evaluates it again.
 * The streak runs across the run's phases (search, comparison, test) and any scored evaluation
 * ends it.
 */
export function guardRun(ctx: PipelineContext, options: RunGuardOptions): PipelineContext {
  const limit = options.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES;
  const controller = new AbortController();
  const stop = (reason: SoceError): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const outer = ctx.signal;
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });

  // The logs of failed evaluations, by evaluation id: the journal keeps the message only.
  const logs = new Map<string, EvaluationLog>();
  const watch = (evaluate: CheckpointEvaluator): CheckpointEvaluator => {
    let checked = options.categories === undefined;
    return async (soupDir, weights, context) => {
      let scores;
      try {
        scores = await evaluate(soupDir, weights, context);
      } catch (error) {
        if (error instanceof EvaluationError && error.log !== undefined) logs.set(evaluationId(weights), error.log);
        throw error;
      }
      if (!checked) {
        checked = true;
        try {
          checkCategories(Object.keys(scores), options.categories!, describeWeights(weights));
        } catch (error) {
          // Aborting before the session sees the scores keeps them out of the journal.
          stop(error as SoceError);
          throw error;
        }
      }
      return scores;
    };
  };

  let streak = 0;
  const failed = (evaluation: FailedEvaluation): void => {
    streak += 1;
    if (streak < limit) return;
    const weights = evaluation.point.weights.toRecord();
    const log = logs.get(evaluationId(weights));
    stop(
      new ConsecutiveFailuresError(
        `${streak} evaluations failed in a row (maxConsecutiveFailures: ${limit}), so the run stopped rather than spend more on a broken evaluator. ` +
          `The last one (${describeWeights(weights)}): ${evaluation.error}${log === undefined ? '\n' : quoteLog(log)}` +
          `Fix the evaluator and rerun: the journal keeps finished work (these failures included) under ${ctx.out}; ` +
          'with retryFailed the rerun evaluates the failed points again',
        streak,
      ),
    );
  };
  const onProgress = (event: PipelineEvent): void => {
    ctx.onProgress?.(event);
    if (event.type !== 'evaluation' || event.event.type !== 'finished' || event.event.evaluation.cached) return;
    const { evaluation } = event.event;
    if (evaluation.status === 'scored') streak = 0;
    else failed(evaluation);
  };

  return {
    ...ctx,
    evaluate: watch(ctx.evaluate),
    ...(ctx.evaluateTest === undefined ? {} : { evaluateTest: watch(ctx.evaluateTest) }),
    onProgress,
    signal: controller.signal,
  };
}
