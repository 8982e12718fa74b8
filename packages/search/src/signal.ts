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

/** The callbacks waiting on each signal, and the one listener that calls them. */
const waiting = new WeakMap<AbortSignalLike, { readonly callbacks: Set<() => void>; readonly fire: () => void }>();

/**
 * Calls `callback` once when `signal` fires; the returned function unsubscribes. However many
 * callbacks wait (a search queues one per point), the signal carries at most one listener of this
 * module, so a Node `AbortSignal` never warns of a listener leak (`MaxListenersExceededWarning`)
 * and the caller need not lift its limit.
 */
export function onAbort(signal: AbortSignalLike, callback: () => void): () => void {
  let entry = waiting.get(signal);
  if (entry === undefined) {
    const callbacks = new Set<() => void>();
    const fire = (): void => {
      waiting.delete(signal);
      for (const waiter of [...callbacks]) waiter();
    };
    entry = { callbacks, fire };
    waiting.set(signal, entry);
    signal.addEventListener('abort', fire, { once: true });
  }
  const { callbacks, fire } = entry;
  callbacks.add(callback);
  return () => {
    if (!callbacks.delete(callback) || callbacks.size > 0) return;
    if (waiting.get(signal)?.callbacks === callbacks) waiting.delete(signal);
    signal.removeEventListener('abort', fire);
  };
}
