import type { FileSystem } from '@soce/tensors';
import { joinPath, writeTextFile } from '@soce/tensors';
import { EvaluationError } from './evaluation_error.ts';
import { evaluationId, type CheckpointEvaluator } from './evaluator.ts';
import { readEvaluatorScores, scoresPath, type ScoreFormat, type ScoreSelection } from './evaluator_scores.ts';
import { DEFAULT_OUTPUT_TAIL_BYTES, type ProcessResult, type ProcessRunner } from './process_runner.ts';
import type { CategoryScores } from '@soce/search';

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
  /** Milliseconds between SIGTERM and SIGKILL when the command is stopped (5000 by default). */
  readonly killGraceMs?: number;
  /** Bytes of each output stream kept for the log and for scores printed on stdout (the last 1 MiB by default). */
  readonly maxOutputBytes?: number;
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
  return async (soupDir, weights, context) => {
    const signal = context?.signal;
    const id = evaluationId(weights);
    await options.fs.mkdir(options.workDir);
    const out = scoresPath(options.workDir, id, options.format);
    const logPath = joinPath(options.workDir, `${id}.log`);
    const log: string[] = [];
    let lastProblem = '';
    let attempts = 0;
    const kept = options.maxOutputBytes ?? DEFAULT_OUTPUT_TAIL_BYTES;
    while (attempts <= options.retries && signal?.aborted !== true) {
      attempts += 1;
      await options.fs.remove(out);
      const argv = expandArgv(options.argv, { model: soupDir, out });
      const started = performance.now();
      const result = await options.runner.run({
        argv,
        timeoutMs: options.timeoutSeconds * 1000,
        signal,
        ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
        ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
      });
      const seconds = (performance.now() - started) / 1000;
      log.push(attemptLog(attempts, argv, result, seconds, kept));
      const problem = failureOf(result, options.timeoutSeconds);
      if (problem === undefined) {
        try {
          const scores = await readScores(options, out, result, kept, (note) => log.push(`note: ${note}`));
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
    throw new EvaluationError(`${lastProblem || 'the run was interrupted before the evaluator command started'} (after ${attempts} attempt(s); log: ${logPath})`);
  };
}

/** The scores, from `{out}` or else stdout, whose tail only was kept: a failure says so. */
async function readScores(options: CommandEvaluatorOptions, out: string, result: ProcessResult, kept: number, note: (line: string) => void): Promise<CategoryScores> {
  const fromStdout = options.format !== 'lm-eval' && (await options.fs.kind(out)) === undefined;
  try {
    return await readEvaluatorScores(options.fs, options.format, out, result.stdout, options, note);
  } catch (error) {
    if (!fromStdout || result.stdoutBytes <= kept) throw error;
    // The scores may have begun before the kept tail: say so rather than blame the format alone.
    const message = error instanceof Error ? error.message : String(error);
    throw new EvaluationError(`${message} (only the last ${kept} of the ${result.stdoutBytes} bytes printed on stdout are kept: write the scores to {out} instead)`);
  }
}

function failureOf(result: ProcessResult, timeoutSeconds: number): string | undefined {
  if (result.aborted) return 'the evaluator command was stopped: the run was interrupted';
  if (result.spawnError !== undefined) return `the evaluator command could not start: ${result.spawnError}`;
  if (result.timedOut) return `the evaluator command timed out after ${timeoutSeconds} s`;
  if (result.exitCode !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-3).join(' | ');
    return `the evaluator command exited with ${result.exitCode ?? 'a signal'}${tail ? `: ${tail}` : ''}`;
  }
  return undefined;
}

function attemptLog(attempt: number, argv: readonly string[], result: ProcessResult, seconds: number, kept: number): string {
  const notes = [
    result.timedOut ? ' (timed out)' : '',
    result.aborted ? ' (stopped: the run was interrupted)' : '',
    result.spawnError ? ` (${result.spawnError})` : '',
    result.strayProcesses ? ' (processes it left running were stopped)' : '',
  ].join('');
  const heading = (stream: string, total: number): string => (total > kept ? `## ${stream} (the last ${kept} of ${total} bytes)` : `## ${stream}`);
  return [
    `# attempt ${attempt}: ${JSON.stringify(argv)}`,
    `# exit ${result.exitCode ?? 'none'}${notes} after ${seconds.toFixed(1)} s`,
    heading('stdout', result.stdoutBytes),
    result.stdout,
    heading('stderr', result.stderrBytes),
    result.stderr,
    '',
  ].join('\n');
}
