/**
 * A first-in first-out concurrency limit: at most `limit` tasks run at once, the others wait in
 * the order they asked, so evaluations start in the order the strategy proposed them.
 */
import { abortReason, onAbort, type AbortSignalLike } from './signal.ts';

/** Runs async tasks, at most `limit` at a time, in arrival order. */
export class Limiter {
  readonly limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Runs `task` once a slot is free; rejects without running it if `signal` fires while waiting. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignalLike): Promise<T> {
    if (signal?.aborted) throw abortReason(signal);
    if (this.#running < this.limit && this.#waiting.length === 0) this.#running += 1;
    else await this.#wait(signal);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  /** Waits for a slot; the releasing task hands its slot over, so nobody can overtake. */
  #wait(signal: AbortSignalLike | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const unsubscribe =
        signal === undefined
          ? () => undefined
          : onAbort(signal, () => {
              const index = this.#waiting.indexOf(wake);
              if (index >= 0) this.#waiting.splice(index, 1);
              reject(abortReason(signal));
            });
      const wake = (): void => {
        unsubscribe();
        resolve();
      };
      this.#waiting.push(wake);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#running -= 1;
    else next();
  }
}
