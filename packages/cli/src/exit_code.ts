import { SoceError } from '@soce/common';

/** Exit codes: 0 success, 1 a failure while running, 2 bad usage or bad input. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * The exit code for an error thrown by a command: every soce package throws `SoceError`s, whose
 * `kind` says whether the input was wrong (2) or something broke while running (1). Anything else
 * is a failure too: a bug, or the system refusing (a full disk).
 */
export function exitCodeFor(error: unknown): number {
  return error instanceof SoceError && error.kind === 'input' ? EXIT.usage : EXIT.failure;
}
