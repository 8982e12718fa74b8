import { registerAnalyze } from './analyze.ts';
import { registerDemo } from './demo.ts';
import { registerMerge } from './merge.ts';
import { registerRun } from './run.ts';
import type { RegisterCommand } from './register_command.ts';
import { registerShapley } from './shapley.ts';

/** Every subcommand, in the order `soce --help` lists them. */
export const commands: readonly RegisterCommand[] = [
  registerDemo,
  registerAnalyze,
  registerShapley,
  registerMerge,
  registerRun,
];
