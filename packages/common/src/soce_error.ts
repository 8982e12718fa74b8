/**
 * The two kinds of failure a soce user must tell apart, because they call for different actions:
 * `input` — what was given is wrong (a flag, a config key, a file, an option): fix it and rerun;
 * `runtime` — the inputs were fine but something broke while working (a benchmark crashed, the GPU
 * was lost, the run was interrupted): look at the cause, then resume. The CLI exits with 2 for the
 * first and 1 for the second.
 */
export const SOCE_ERROR_KINDS = ['input', 'runtime'] as const;

/** One of {@link SOCE_ERROR_KINDS}. */
export type SoceErrorKind = (typeof SOCE_ERROR_KINDS)[number];

/** What every {@link SoceError} is built with besides its message. */
export interface SoceErrorOptions<Code extends string = string> {
  /** The stable, machine-readable reason (kebab-case), e.g. `unnormalized-weights`. */
  readonly code: Code;
  /** Bad input, or a failure while running. */
  readonly kind: SoceErrorKind;
  /** The error this one explains, when there is one (kept as the standard `Error.cause`). */
  readonly cause?: unknown;
}

/**
 * The one base class of every error a soce package throws on purpose. Programs branch on `code`
 * (stable across releases; each subclass documents its codes) or on the subclass; the CLI maps
 * `kind` to its exit code and adds its own hints (flags), so messages name the library's options,
 * never a command-line flag. The message says what is wrong, where (file, key, tensor, model) and
 * how to fix it.
 * @example
 * ```ts
 * import { SoceError } from '@soce/common';
 *
 * try {
 *   throw new SoceError('tau must be a number between 0 and 1, got 2', { code: 'bad-tau', kind: 'input' });
 * } catch (error) {
 *   if (error instanceof SoceError && error.kind === 'input') console.log(`fix your input: ${error.message}`);
 * }
 * ```
 */
export class SoceError<Code extends string = string> extends Error {
  /** The class's name (each subclass sets its own), as `Error.name` is for the built-in errors. */
  override readonly name: string = 'SoceError';
  /** The stable, machine-readable reason. */
  readonly code: Code;
  /** Bad input, or a failure while running. */
  readonly kind: SoceErrorKind;

  /** `message` should already say what is wrong, where, and how to fix it. */
  constructor(message: string, options: SoceErrorOptions<Code>) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.kind = options.kind;
  }
}
