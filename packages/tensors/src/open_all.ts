/**
 * Opening several files at once: their waits for the disk (and the I/O threads) overlap, which
 * opening them one after another does not.
 * @module
 */

/**
 * Waits for every one of `opening`, in order. When any failed, closes the ones that opened and
 * throws the first failure in that order (the one a sequential loop would have met), so the caller
 * gets all of them or none, and the same error whatever finished first.
 */
export async function openAll<T>(opening: readonly Promise<T>[], close: (opened: T) => Promise<void>): Promise<T[]> {
  const settled = await Promise.allSettled(opening);
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  const opened = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (failure === undefined) return opened;
  await Promise.allSettled(opened.map(close));
  throw failure.reason;
}
