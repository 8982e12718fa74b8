/**
 * A bounded pipeline: every step is read, then computed, then written, writes in step order, with up
 * to `slots` steps in flight, each in its own slot (set of buffers). While some steps are computed
 * (as many at once as their reads allow: a backend with several threads takes them in parallel),
 * later ones are being read and earlier ones written, so the disk and the cores stay busy together;
 * a slot is reused only once its step is written, so memory is `slots` sets of buffers whatever the
 * number of steps.
 * @module
 */

/** What the pipeline does with a step in slot `slot`. */
export interface PipelineStages<T> {
  /** Fills the slot's input buffers; steps may be read concurrently. */
  read(step: T, slot: number): Promise<void>;
  /** Turns the slot's inputs into its output, once they are read; steps may be computed concurrently. */
  compute(step: T, slot: number): Promise<void>;
  /** Writes the slot's output; one step at a time, in order. */
  write(step: T, slot: number): Promise<void>;
}

/** Marks a promise as handled now (it is awaited later), so a rejection while we wait elsewhere is not fatal. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Runs `steps` through `stages` with `slots` slots; `beforeStep` runs before each step starts and
 * may throw to stop (an abort). On any failure no further step starts, and the error is thrown once
 * every stage in flight has settled, so no buffer is still being filled or written when this returns.
 */
export async function runPipeline<T>(steps: readonly T[], slots: number, stages: PipelineStages<T>, beforeStep?: () => void): Promise<void> {
  if (!Number.isSafeInteger(slots) || slots < 1) throw new RangeError(`a pipeline needs at least one slot, not ${slots}`);
  // The stages of each slot's latest step; earlier ones have settled (their slot was waited for).
  const occupants: Promise<unknown>[][] = Array.from({ length: slots }, () => []);
  let written: Promise<void> = Promise.resolve();
  try {
    for (const [k, step] of steps.entries()) {
      const slot = k % slots;
      await Promise.all(occupants[slot]!);
      beforeStep?.();
      const read = handled(stages.read(step, slot));
      const computed = handled(read.then(() => stages.compute(step, slot)));
      written = handled(Promise.all([computed, written]).then(() => stages.write(step, slot)));
      occupants[slot] = [read, computed, written];
    }
    await written;
  } catch (error) {
    await Promise.allSettled(occupants.flat());
    throw error;
  }
}
