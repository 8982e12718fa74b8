import type { FileSystem } from '@soce/tensors';
import { joinPath, writeTextFile } from '@soce/tensors';
import { EvaluationError } from './evaluation_error.ts';
import { evaluationId, type CheckpointEvaluator } from './evaluator.ts';
import { readEvaluatorScores, scoresPath, type ScoreFormat, type ScoreSelection } from './evaluator_scores.ts';
import { DEFAULT_OUTPUT_TAIL_BYTES, type ProcessResult, type ProcessRunner } from './process_runner.ts';
import { SlotPool } from './slot_pool.ts';
import type { CategoryScores } from '@soce/search';

/** Options for {@link createCommandEvaluator}. */
export interface CommandEvaluatorOptions extends ScoreSelection {
  /**
   * The program and its arguments; `{model}` becomes the soup's directory, `{out}` a fresh path
   * (see `scoresPath`), `{slot}` the evaluation's slot (see `slots`).
   */
  readonly argv: readonly string[];
  /**
   * Variables added to the command's environment; `{slot}` in a value becomes the evaluation's
   * slot, e.g. `{ CUDA_VISIBLE_DEVICES: '{slot}' }` gives each evaluation in flight its own GPU.
   */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /**
   * How many evaluations may run at once (the search's concurrency; 1 by default): each holds one
   * of the slots 0 … slots − 1 while it runs, never one another evaluation in flight holds.
   */
  readonly slots?: number | undefined;
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

/** The placeholders an argv template may use (`{slot}` also in `env` values). */
export const PLACEHOLDERS: readonly string[] = ['{model}', '{out}', '{slot}'];

/** What the placeholders stand for in one evaluation. */
export interface PlaceholderValues {
  readonly model: string;
  readonly out: string;
  /** 0 when absent. */
  readonly slot?: number;
}

/** Replaces the placeholders in each argument (never splitting or joining arguments: no shell). */
export function expandArgv(template: readonly string[], values: PlaceholderValues): string[] {
  const slot = String(values.slot ?? 0);
  return template.map((arg) => arg.replaceAll('{model}', values.model).replaceAll('{out}', values.out).replaceAll('{slot}', slot));
}

/** The variables `env` adds to the command's environment for an evaluation in `slot`. */
export function expandEnv(env: Readonly<Record<string, string>> | undefined, slot: number): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([name, value]) => [name, value.replaceAll('{slot}', String(slot))]));
}

/**
 * An evaluator that runs an external benchmark command on each soup. The command receives the
 * soup's directory and writes its scores to `{out}` or prints them on stdout. A non-zero exit, a
 * time-out or unparsable output is retried `retries` times and then rejected with an
 * {@link EvaluationError} that points at the evaluation's log file.
 */
export function createCommandEvaluator(options: CommandEvaluatorOptions): CheckpointEvaluator {
  if (options.argv.length === 0) throw new EvaluationError('the evaluator command is empty; give a program and its arguments');
  const slots = new SlotPool(options.slots ?? 1);
  return (soupDir, weights, context) => slots.run((slot) => evaluateInSlot(options, slot, soupDir, weights, context));
}

/** One evaluation, its attempts and its log, holding `slot`. */
async function evaluateInSlot(
  options: CommandEvaluatorOptions,
  slot: number,
  ...[soupDir, weights, context]: Parameters<CheckpointEvaluator>
): Promise<CategoryScores> {
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
    const argv = expandArgv(options.argv, { model: soupDir, out, slot });
    const env = expandEnv(options.env, slot);
    const started = performance.now();
    const result = await options.runner.run({
      argv,
      ...(Object.keys(env).length === 0 ? {} : { env }),
      timeoutMs: options.timeoutSeconds * 1000,
      signal,
      ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
      ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
    });
    const seconds = (performance.now() - started) / 1000;
    log.push(attemptLog(attempts, argv, env, result, seconds, kept));
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
  const text = log.join('\n');
  await writeTextFile(options.fs, logPath, text);
  throw new EvaluationError(`${lastProblem || 'the run was interrupted before the evaluator command started'} (after ${attempts} attempt(s); log: ${logPath})`, {
    path: logPath,
    tail: text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n'),
  });
}

/** Lines of the log a failure carries (see `EvaluationError.log`). */
const LOG_TAIL_LINES = 40;

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

function attemptLog(attempt: number, argv: readonly string[], env: Readonly<Record<string, string>>, result: ProcessResult, seconds: number, kept: number): string {
  const notes = [
    result.timedOut ? ' (timed out)' : '',
    result.aborted ? ' (stopped: the run was interrupted)' : '',
    result.spawnError ? ` (${result.spawnError})` : '',
    result.strayProcesses ? ' (processes it left running were stopped)' : '',
  ].join('');
  const heading = (stream: string, total: number): string => (total > kept ? `## ${stream} (the last ${kept} of ${total} bytes)` : `## ${stream}`);
  return [
    `# attempt ${attempt}: ${JSON.stringify(argv)}${Object.keys(env).length === 0 ? '' : ` with ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}`}`,
    `# exit ${result.exitCode ?? 'none'}${notes} after ${seconds.toFixed(1)} s`,
    heading('stdout', result.stdoutBytes),
    result.stdout,
    heading('stderr', result.stderrBytes),
    result.stderr,
    '',
  ].join('\n');
}
