import type { AbortSignalLike, CategoryScores } from '@soce/search';

/** The split a point is scored on: `dev` chooses the weights, `test` only fills the comparison table. */
export type EvaluationSplit = 'dev' | 'test';

/** One point to merge and score. */
export interface PointRequest {
  readonly split: EvaluationSplit;
  /** Candidate name → weight (zeros allowed; the non-zero ones sum to 1). */
  readonly weights: Readonly<Record<string, number>>;
  /** Fires when the run stops. */
  readonly signal?: AbortSignalLike | undefined;
}

/**
 * Where the pipeline's points are merged and scored, apart from what an evaluation is. Without
 * one, the pipeline merges each soup here and runs the evaluator as a child process; a
 * `SlurmExecutor` hands each point to the cluster as a batch job instead. Rejecting records the
 * point as failed, and the search goes on.
 */
export interface PointExecutor {
  /** Names the executor in messages, e.g. `slurm`. */
  readonly kind: string;
  /** Merges the soup of `request.weights` wherever this executor works and resolves with its scores. */
  evaluate(request: PointRequest): Promise<CategoryScores>;
  /**
   * Called once the run stopped early (Ctrl-C, SIGTERM, failures in a row, any error): stops the
   * work still in flight, or leaves it running when `detach` is set. Resolves with a sentence for the user, if any.
   */
  interrupted?(options: { readonly detach: boolean }): Promise<string | undefined>;
}
