import { exactShapley } from './shapley_exact.ts';
import { MAX_EXACT_PLAYERS, type ShapleyResult, type ValueFunction } from './shapley_result.ts';
import { sampledShapley, type SampledShapleyOptions } from './shapley_sampled.ts';

/**
 * Shapley values by the cheapest sound method: exact when there are at most `MAX_EXACT_PLAYERS`
 * players, no `permutations` were asked for and `maxEvaluations` (if any) covers every coalition;
 * otherwise permutation sampling with standard errors (see `sampledShapley`).
 */
export function shapley(players: readonly string[], value: ValueFunction, options: SampledShapleyOptions = {}): Promise<ShapleyResult> {
  const n = players.length;
  const coalitions = 2 ** n - (options.emptyValue === undefined ? 0 : 1);
  const exact = n <= MAX_EXACT_PLAYERS && options.permutations === undefined && (options.maxEvaluations === undefined || options.maxEvaluations >= coalitions);
  if (exact) return exactShapley(players, value, options.emptyValue === undefined ? {} : { emptyValue: options.emptyValue });
  return sampledShapley(players, value, options);
}
