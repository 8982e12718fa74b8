import process from 'node:process';
import { setMaxListeners } from 'node:events';
import { INTERRUPT_EXIT_CODES, InterruptedError, type InterruptSignal } from './interrupted_error.ts';

/** What a long command hears of SIGINT and SIGTERM while it runs. */
export interface Interrupts {
  /** Fires on the first SIGINT or SIGTERM; its reason is an {@link InterruptedError}. */
  readonly signal: AbortSignal;
  /** The signal received, if any. */
  received(): InterruptSignal | undefined;
  /** Stops listening (call when the command ends). */
  dispose(): void;
}

const SIGNALS: readonly InterruptSignal[] = ['SIGINT', 'SIGTERM'];

/**
 * Treats SIGTERM like SIGINT: the first one aborts `signal`, so the command stops what it is doing,
 * cleans up and exits with 128 + the signal's number; a second one exits at once with that code
 * (the process runner's exit hook still kills the evaluators' process groups, and the next run
 * cleans what was left).
 */
export function listenForInterrupts(): Interrupts {
  const controller = new AbortController();
  // Each journal session and each queued evaluation listens for the abort: no fixed limit.
  setMaxListeners(0, controller.signal);
  let received: InterruptSignal | undefined;
  const handler = (signal: InterruptSignal): void => {
    if (received !== undefined) process.exit(INTERRUPT_EXIT_CODES[signal]);
    received = signal;
    controller.abort(new InterruptedError(signal, `interrupted by ${signal}`));
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, handler);
    },
  };
}
