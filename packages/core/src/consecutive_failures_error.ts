import { SoceError } from '@soce/common';

/**
 * The run stopped because its last evaluations all failed: the evaluator is most likely broken
 * (a wrong path, a missing package, a full GPU), and each further attempt would cost as much as
 * a real one. A failure while running (kind `runtime`, exit 1); the journals keep every finished
 * evaluation, these failures included. Code `consecutive-failures`.
 */
export class ConsecutiveFailuresError extends SoceError<'consecutive-failures'> {
  override readonly name = 'ConsecutiveFailuresError';
  /** How many evaluations failed in a row. */
  readonly failures: number;

  /** `message` should quote the last failure and its log. */
  constructor(message: string, failures: number) {
    super(message, { code: 'consecutive-failures', kind: 'runtime' });
    this.failures = failures;
  }
}
