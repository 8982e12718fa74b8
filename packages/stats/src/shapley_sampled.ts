import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { ShapleyInputError } from './shapley_input_error.ts';
import { checkPlayers, checkValue, type ShapleyResult, type ValueFunction } from './shapley_result.ts';

/** Options of permutation sampling. */
export interface SampledShapleyOptions {
  /** How many permutations to average (1000 by default; rounded up to even when antithetic). */
  readonly permutations?: number;
  /** Stop before the value function would be called more than this many times. */
  readonly maxEvaluations?: number;
  /** The seed of the xoroshiro128+ generator that draws permutations (0 by default): same seed, same estimate. */
  readonly seed?: number;
  /**
   * Draw permutations in pairs, a random one and its reverse (default `true`). A player early in
   * one is late in the other, so their marginal contributions are negatively correlated and the
   * pair's mean varies less than two independent draws'. Standard errors are computed from the
   * pair means, which are independent.
   */
  readonly antithetic?: boolean;
  /** v(∅) when it is known without asking: the value function is then never called with `[]`. */
  readonly emptyValue?: number;
}

/** The budget ran out in the middle of a sample; the sample is discarded. */
class BudgetSpent {}

/**
 * Monte Carlo Shapley values: the mean over random orderings of each player's marginal
 * contribution when it joins the players before it, with standard errors. Every coalition's
 * value is cached, so the value function is called at most once per coalition. The estimates
 * always satisfy efficiency (Σφ = v(N) − v(∅)) up to rounding, since each ordering's marginal
 * contributions telescope. Throws `ShapleyInputError` when the budget does not cover one sample.
 */
export async function sampledShapley(players: readonly string[], value: ValueFunction, options: SampledShapleyOptions = {}): Promise<ShapleyResult> {
  checkPlayers(players);
  const n = players.length;
  const antithetic = options.antithetic ?? true;
  const permutations = options.permutations ?? 1000;
  const budget = options.maxEvaluations ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(permutations) || permutations < 1) throw new ShapleyInputError(`permutations must be a whole number of at least 1, got ${String(permutations)}`);
  if (!(budget >= 1)) throw new ShapleyInputError(`maxEvaluations must be at least 1, got ${String(options.maxEvaluations)}`);
  const samplesWanted = antithetic ? Math.ceil(permutations / 2) : permutations;
  const rng = xoroshiro128plus(options.seed ?? 0);

  const cache = new Map<bigint, number>();
  let evaluations = 0;
  if (options.emptyValue !== undefined) cache.set(0n, checkValue(options.emptyValue, []));
  const worth = async (mask: bigint): Promise<number> => {
    const known = cache.get(mask);
    if (known !== undefined) return known;
    if (evaluations >= budget) throw new BudgetSpent();
    const coalition = Object.freeze(players.filter((_, i) => (mask >> BigInt(i)) & 1n));
    evaluations += 1;
    const v = checkValue(await value(coalition), coalition);
    cache.set(mask, v);
    return v;
  };
  // Adds each player's marginal contribution along `order` to `into`.
  const walk = async (order: readonly number[], into: Float64Array): Promise<void> => {
    let mask = 0n;
    let before = await worth(mask);
    for (const i of order) {
      mask |= 1n << BigInt(i);
      const after = await worth(mask);
      into[i] = (into[i] ?? 0) + after - before;
      before = after;
    }
  };

  // Welford's running mean and sum of squared deviations, per player.
  const mean = new Float64Array(n);
  const squares = new Float64Array(n);
  let samples = 0;
  try {
    while (samples < samplesWanted) {
      const order = randomPermutation(n, rng);
      const sample = new Float64Array(n);
      await walk(order, sample);
      if (antithetic) {
        await walk([...order].reverse(), sample);
        for (let i = 0; i < n; i++) sample[i] = (sample[i] ?? 0) / 2;
      }
      samples += 1;
      for (let i = 0; i < n; i++) {
        const x = sample[i] ?? 0;
        const delta = x - (mean[i] ?? 0);
        mean[i] = (mean[i] ?? 0) + delta / samples;
        squares[i] = (squares[i] ?? 0) + delta * (x - (mean[i] ?? 0));
      }
    }
  } catch (error) {
    if (!(error instanceof BudgetSpent)) throw error;
  }
  if (samples === 0) {
    throw new ShapleyInputError(`maxEvaluations ${String(options.maxEvaluations)} does not cover one ${antithetic ? 'pair of permutations' : 'permutation'} of ${n} players (up to ${antithetic ? 2 * n : n + 1} coalition values); raise it`);
  }
  const full = (1n << BigInt(n)) - 1n;
  return {
    method: 'sampled',
    values: players.map((player, i) => ({
      player,
      value: mean[i] ?? 0,
      standardError: samples < 2 ? null : Math.sqrt((squares[i] ?? 0) / (samples - 1) / samples),
    })),
    grandCoalitionValue: cache.get(full) ?? 0,
    emptyCoalitionValue: cache.get(0n) ?? 0,
    evaluations,
    permutations: antithetic ? 2 * samples : samples,
  };
}

function randomPermutation(n: number, rng: ReturnType<typeof xoroshiro128plus>): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const swap = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = swap;
  }
  return order;
}
