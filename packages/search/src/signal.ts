/**
 * The part of the web-standard `AbortSignal` the search uses. Declared structurally so the
 * runtime-neutral package needs no DOM or Node typings; any real `AbortSignal` fits.
 */

/** An abort signal: the search stops at once when it fires. */
export interface AbortSignalLike {
  /** Whether the signal has fired. */
  readonly aborted: boolean;
  /** Why it fired (thrown by the aborted search). */
  readonly reason?: unknown;
  /** Registers a listener for the `abort` event. */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  /** Removes a listener registered with `addEventListener`. */
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The error an aborted search rejects with: the signal's reason, or a generic one. */
export function abortReason(signal: AbortSignalLike): unknown {
  return signal.reason ?? new Error('the search was aborted');
}
