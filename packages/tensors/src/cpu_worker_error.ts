/**
 * A CPU backend's worker thread failed (the kernel trapped, the thread crashed or ended) or the
 * backend was closed under a merge. Not bad input: the merge stops, and nothing is published.
 */
export class CpuWorkerError extends Error {
  override readonly name = 'CpuWorkerError';
}
