/**
 * The Node side of `@soce/core`: running evaluator commands with `child_process`.
 * @module
 */
export { nodeProcessRunner, type NodeProcessRunner } from './process_runner.ts';
