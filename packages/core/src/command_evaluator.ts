import type { FileSystem } from '@soce/tensors';
import { joinPath, writeTextFile } from '@soce/tensors';
import { EvaluationError } from './evaluation_error.ts';
import { evaluationId, type CheckpointEvaluator } from './evaluator.ts';
import { readEvaluatorScores, scoresPath, type ScoreFormat, type ScoreSelection } from './evaluator_scores.ts';
import type { ProcessResult, ProcessRunner } from './process_runner.ts';

/** Options for {@link createCommandEvaluator}. */
export interface CommandEvaluatorOptions extends ScoreSelection {
  /** The program and its arguments; `{model}` becomes the soup's directory, `{out}` a fresh path (see `scoresPath`). */
  readonly argv: readonly string[];
  /** Seconds before the command is killed and the attempt counts as failed. */
  readonly timeoutSeconds: number;
  /** Further attempts after a failed one (0: fail at once). */
  readonly retries: number;
  /**
   * `json`: `{ "category": number }`; `lm-eval`: lm-evaluation-harness's output directory (or a
   * results file); `bfcl`: the score directory of BFCL's `bfcl evaluate` (or its data_overall.csv).
   */
  readonly format: ScoreFormat;
  /** Runs the command (Node: `nodeProcessRunner`, Deno: `denoProcessRunner`). */
  readonly runner: ProcessRunner;
  /** Where score files and logs live. */
  readonly fs: FileSystem;
  /** A directory for `{out}` files and one log per evaluation (stdout, stderr, exit code). */
  readonly workDir: string;
}

/** The placeholders an argv template may use. */
export const PLACEHOLDERS: readonly string[] = ['{model}', '{out}'];

/** Replaces the placeholders in each argument (never splitting or joining arguments: no shell). */
export function expandArgv(template: readonly string[], values: { model: string; out: string }): string[] {
  return template.map((arg) => arg.replaceAll('{model}', values.model).replaceAll('{out}', values.out));
}

/**
 * An evaluator that runs an external benchmark command on each soup. The command receives the
 * soup's directory and writes its scores to `{out}` or prints them on stdout. A non-zero exit, a
 * time-out or unparsable output is retried `retries` times and then rejected with an
 * {@link EvaluationError} that points at the evaluation's log file.
 */
export function createCommandEvaluator(options: CommandEvaluatorOptions): CheckpointEvaluator {
  if (options.argv.length === 0) throw new EvaluationError('the evaluator command is empty; give a program and its arguments');
  return async (soupDir, weights) => {
    const id = evaluationId(weights);
    await options.fs.mkdir(options.workDir);
    const out = scoresPath(options.workDir, id, options.format);
    const logPath = joinPath(options.workDir, `${id}.log`);
    const log: string[] = [];
    let lastProblem = '';
    for (let attempt = 1; attempt <= options.retries + 1; attempt += 1) {
      await options.fs.remove(out);
      const argv = expandArgv(options.argv, { model: soupDir, out });
      const started = performance.now();
      const result = await options.runner.run({ argv, timeoutMs: options.timeoutSeconds * 1000 });
      const seconds = (performance.now() - started) / 1000;
      log.push(attemptLog(attempt, argv, result, seconds));
      const problem = failureOf(result, options.timeoutSeconds);
      if (problem === undefined) {
        try {
          const scores = await readEvaluatorScores(options.fs, options.format, out, result.stdout, options, (note) => log.push(`note: ${note}`));
          await writeTextFile(options.fs, logPath, log.join('\n'));
          return scores;
        } catch (error) {
          lastProblem = error instanceof Error ? error.message : String(error);
          log.push(`unusable output: ${lastProblem}\n`);
        }
      } else {
        lastProblem = problem;
      }
    }
    await writeTextFile(options.fs, logPath, log.join('\n'));
    throw new EvaluationError(`${lastProblem} (after ${options.retries + 1} attempt(s); log: ${logPath})`);
  };
}

function failureOf(result: ProcessResult, timeoutSeconds: number): string | undefined {
  if (result.spawnError !== undefined) return `the evaluator command could not start: ${result.spawnError}`;
  if (result.timedOut) return `the evaluator command timed out after ${timeoutSeconds} s`;
  if (result.exitCode !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-3).join(' | ');
    return `the evaluator command exited with ${result.exitCode ?? 'a signal'}${tail ? `: ${tail}` : ''}`;
  }
  return undefined;
}

function attemptLog(attempt: number, argv: readonly string[], result: ProcessResult, seconds: number): string {
  return [
    `# attempt ${attempt}: ${JSON.stringify(argv)}`,
    `# exit ${result.exitCode ?? 'none'}${result.timedOut ? ' (timed out)' : ''}${result.spawnError ? ` (${result.spawnError})` : ''} after ${seconds.toFixed(1)} s`,
    '## stdout',
    result.stdout,
    '## stderr',
    result.stderr,
    '',
  ].join('\n');
}
