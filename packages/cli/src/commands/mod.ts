import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { registerAnalyze } from './analyze.ts';
import { registerDemo } from './demo.ts';
import { registerMerge } from './merge.ts';
import { registerRun } from './run.ts';
import { registerShapley } from './shapley.ts';

/** Adds one subcommand to the program. Each lives in a file of its own in this folder. */
export type RegisterCommand = (program: Command, io: CliIo) => void;

/** Every subcommand, in the order `soce --help` lists them. */
export const commands: readonly RegisterCommand[] = [
  registerDemo,
  registerAnalyze,
  registerShapley,
  registerMerge,
  registerRun,
];
