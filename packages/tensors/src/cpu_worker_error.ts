import { SoceError } from '@soce/common';

/**
 * A CPU backend's worker thread failed (the kernel trapped, the thread crashed or ended) or the
 * backend was closed under a merge. Not bad input: the merge stops, and nothing is published. Code
 * `cpu-worker-failed`, kind `runtime`.
 */
export class CpuWorkerError extends SoceError<'cpu-worker-failed'> {
  override readonly name = 'CpuWorkerError';
  /** `cause` is the worker's own error, when there is one. */
  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, { code: 'cpu-worker-failed', kind: 'runtime', cause: options.cause });
  }
}
