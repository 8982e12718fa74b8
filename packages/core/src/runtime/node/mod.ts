/**
 * The Node side of `@soce/core`: running evaluator commands with `child_process`.
 * @module
 */
export { nodeProcessRunner } from './process_runner.ts';
