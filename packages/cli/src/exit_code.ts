import { SoceError } from '@soce/common';
import { InterruptedError } from './interrupted_error.ts';

/** Exit codes: 0 success, 1 a failure while running, 2 bad usage or bad input (130/143: stopped by SIGINT/SIGTERM). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * The exit code for an error thrown by a command: every soce package throws `SoceError`s, whose
 * `kind` says whether the input was wrong (2) or something broke while running (1); a run stopped
 * by a signal exits as the convention for that signal says (130, 143). Anything else is a failure
 * too: a bug, or the system refusing (a full disk).
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof InterruptedError) return error.exitCode;
  return error instanceof SoceError && error.kind === 'input' ? EXIT.usage : EXIT.failure;
}
