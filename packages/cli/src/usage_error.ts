import { SoceError } from '@soce/common';

/**
 * A mistake in how soce was called (a flag, an input file named by a flag): code `usage`, kind
 * `input`, exit code 2. The message says what is wrong, where, and how to fix it.
 */
export class UsageError extends SoceError<'usage'> {
  override readonly name = 'UsageError';
  /** `message` should name the flag or file and the fix. */
  constructor(message: string) {
    super(message, { code: 'usage', kind: 'input' });
  }
}
