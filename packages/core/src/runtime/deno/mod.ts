/**
 * The Deno side of `@soce/core`: running evaluator commands with `Deno.Command`.
 * @module
 */
export { denoProcessRunner } from './process_runner.ts';
