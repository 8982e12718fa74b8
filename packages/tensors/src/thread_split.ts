/**
 * How a merge shares the machine's cores between file I/O and arithmetic. A merge is a copy with a
 * little arithmetic in it: most of its processor time is the kernel copying the inputs out of the
 * page cache (on the runtime's I/O threads) and the soup into it. Every thread beyond the cores only
 * adds switching: on 2 cores (bench:merge, docs/guides/merging.md) 1 I/O thread and 1 computing
 * thread merge the 3 × 1.7 GB case in 0.95 s, the 4 I/O threads Node starts by default with 1
 * computing thread in 1.10 s, with 2 in 1.28 s. So soce gives I/O half the cores (1 to 4, Node's
 * own pool size) and the arithmetic the rest.
 * @module
 */

/** Threads for file I/O on a machine running `cores` threads at once: half of them, 1 to 4. */
export function defaultIoThreads(cores: number): number {
  return Math.max(1, Math.min(4, Math.floor(cores / 2)));
}

/** The CPU backend's threads by default: the cores `ioThreads` leave, at least 1. */
export function defaultComputeThreads(cores: number, ioThreads: number): number {
  return Math.max(1, cores - ioThreads);
}
