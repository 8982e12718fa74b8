import { SoceError } from '@soce/common';

/** The signals that stop `soce merge` and `soce run` cleanly. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** The exit code of a process stopped by each signal, as shells and schedulers expect: 128 + its number. */
export const INTERRUPT_EXIT_CODES: Readonly<Record<InterruptSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * A command stopped by Ctrl-C (SIGINT) or by a scheduler (SIGTERM: Slurm, Kubernetes, `timeout`)
 * after cleaning up. Not bad input (kind `runtime`), yet not a failure either: it exits with 130 or
 * 143, and the message says what was kept and how to carry on. Code `interrupted`.
 */
export class InterruptedError extends SoceError<'interrupted'> {
  override readonly name = 'InterruptedError';
  /** The signal that stopped the command. */
  readonly signal: InterruptSignal;
  /** 130 for SIGINT, 143 for SIGTERM. */
  readonly exitCode: number;

  /** `message` should say what was kept and how to carry on. */
  constructor(signal: InterruptSignal, message: string) {
    super(message, { code: 'interrupted', kind: 'runtime' });
    this.signal = signal;
    this.exitCode = INTERRUPT_EXIT_CODES[signal];
  }
}
