import type { CategoryScores } from '@soce/search';

/**
 * CategoryScores one soup per category: given the soup's checkpoint directory and the weights it was made
 * with, resolves with `{ category: score }` or rejects with an {@link EvaluationError}. This is the
 * costly step of SoCE (hours for a large model), so the pipeline calls it once per point.
 */
export type CheckpointEvaluator = (soupDir: string, weights: Readonly<Record<string, number>>) => Promise<CategoryScores>;

/**
 * A stable, file-name-safe identifier for an evaluation: the weights in the experts' order. Log
 * and score files are named by it so that a resumed run finds the same names.
 */
export function evaluationId(weights: Readonly<Record<string, number>>): string {
  return Object.entries(weights)
    .map(([name, w]) => `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}-${w.toFixed(6)}`)
    .join('_');
}
