/**
 * How the CLI's tests call the benchmark stand-in (fake_evaluator.mjs: see its header for the modes).
 * @module
 */
import { join } from 'node:path';

/** The stand-in's path. */
export const FAKE_EVALUATOR: string = new URL('./fake_evaluator.mjs', import.meta.url).pathname;

/**
 * The evaluator command running the stand-in, which logs each call to `root/calls.log`; `mode` (the
 * first of `modeArgs`, with its arguments after it) picks how it behaves.
 */
export function fakeEvaluatorArgv(root: string, modeArgs: readonly string[] = []): string[] {
  return ['node', FAKE_EVALUATOR, '{model}', '{out}', join(root, 'calls.log'), ...modeArgs];
}

/** The same command as soce.yaml's `evaluator.command` (a flow sequence: JSON is YAML). */
export function fakeEvaluatorYaml(root: string, modeArgs: readonly string[] = []): string {
  return JSON.stringify(fakeEvaluatorArgv(root, modeArgs));
}
