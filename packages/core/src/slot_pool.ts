/**
 * Numbered slots (0 … size − 1) handed to work in flight, so that two evaluations running at once
 * never get the same one: `{slot}` in an evaluator command picks a GPU per evaluation.
 */
export class SlotPool {
  /** How many slots there are. */
  readonly size: number;
  readonly #free: number[];
  readonly #waiting: ((slot: number) => void)[] = [];

  /** `size` slots, numbered from 0. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a slot pool needs a whole number of slots ≥ 1, got ${size}`);
    this.size = size;
    this.#free = Array.from({ length: size }, (_, i) => i);
  }

  /** Runs `task` holding the lowest free slot (waiting, in arrival order, while none is free). */
  async run<T>(task: (slot: number) => Promise<T>): Promise<T> {
    const slot = await this.#acquire();
    try {
      return await task(slot);
    } finally {
      this.#release(slot);
    }
  }

  #acquire(): Promise<number> {
    const slot = this.#free.shift();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(slot: number): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next(slot);
    else {
      this.#free.push(slot);
      this.#free.sort((a, b) => a - b);
    }
  }
}
