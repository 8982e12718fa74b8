/**
 * A mistake in how soce was called or in what it was given (a flag, a config, an input file):
 * exit code 2. The message says what is wrong, where, and how to fix it.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
