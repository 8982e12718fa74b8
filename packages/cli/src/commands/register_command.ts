import type { Command } from 'commander';
import type { CliIo } from '../io.ts';

/** Adds one subcommand to the program. Each lives in a file of its own in this folder. */
export type RegisterCommand = (program: Command, io: CliIo) => void;
