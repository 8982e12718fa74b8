import { InterruptedError } from './interrupted_error.ts';
import { UsageError } from './usage_error.ts';

/** Exit codes: 0 success, 1 a failure while running, 2 bad usage or bad input (130/143: stopped by SIGINT/SIGTERM). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * The error classes of the packages that mean "the input is wrong" rather than "something broke".
 * Each package names its own; the CLI only decides the exit code.
 */
const inputErrorNames = new Set<string>(['UsageError', 'ZodError', 'ScoreTableError', 'AnalysisOptionsError', 'ShapleyInputError', 'SafetensorsError', 'CheckpointError', 'MergeError', 'WebGpuUnavailableError', 'ConfigError', 'WeightsError', 'GridError', 'SearchOptionsError', 'JournalError', 'MnistDemoError', 'OutputDirectoryError', 'SideFileError']);

/** Registers the name of an error class whose instances are bad input (exit 2). */
export function registerInputError(name: string): void {
  inputErrorNames.add(name);
}

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof InterruptedError) return error.exitCode;
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof Error && inputErrorNames.has(error.name)) return EXIT.usage;
  return EXIT.failure;
}
