import { ShapleyInputError } from './shapley_input_error.ts';
import { MAX_EXACT_PLAYERS, checkPlayers, checkValue, type ShapleyResult, type ValueFunction } from './shapley_result.ts';

/**
 * Exact Shapley values from the value of every coalition: `values[mask]` is v of the coalition
 * whose members are the players with a 1 bit in `mask` (player i ↔ bit i).
 * `φ_i = Σ_{S ∌ i} |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S))`, summed with Neumaier compensation.
 */
export function shapleyFromMaskedValues(players: readonly string[], values: Float64Array): ShapleyResult {
  const n = players.length;
  const size = popcounts(n);
  // |S|!(n−|S|−1)!/n! = 1 / (n · C(n−1, |S|)).
  const weight = Array.from({ length: n }, (_, s) => 1 / (n * binomial(n - 1, s)));
  const full = (1 << n) - 1;
  const phi = players.map((player, i) => {
    const bit = 1 << i;
    let sum = 0;
    let compensation = 0;
    for (let mask = 0; mask <= full; mask++) {
      if ((mask & bit) !== 0) continue;
      const term = (weight[size[mask] ?? 0] ?? 0) * ((values[mask | bit] ?? 0) - (values[mask] ?? 0));
      const t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    return { player, value: sum + compensation, standardError: 0 };
  });
  return { method: 'exact', values: phi, grandCoalitionValue: values[full] ?? 0, emptyCoalitionValue: values[0] ?? 0, evaluations: values.length, permutations: null };
}

/** Options of exact computation. */
export interface ExactShapleyOptions {
  /** v(∅) when it is known without asking (a soup of nobody is no model): the value function is then never called with `[]`. */
  readonly emptyValue?: number;
}

/**
 * Exact Shapley values of up to `MAX_EXACT_PLAYERS` players. Calls `value` exactly once per
 * coalition (2^n calls, or 2^n − 1 with `emptyValue`), one at a time, smallest coalitions first.
 */
export async function exactShapley(players: readonly string[], value: ValueFunction, options: ExactShapleyOptions = {}): Promise<ShapleyResult> {
  checkPlayers(players);
  const n = players.length;
  if (n > MAX_EXACT_PLAYERS) {
    throw new ShapleyInputError(`${n} players need 2^${n} coalition values; exact Shapley values are limited to ${MAX_EXACT_PLAYERS} players: use sampledShapley`);
  }
  const values = new Float64Array(1 << n);
  let evaluations = 0;
  for (const mask of masksBySize(n)) {
    if (mask === 0 && options.emptyValue !== undefined) {
      values[0] = checkValue(options.emptyValue, []);
      continue;
    }
    const coalition = Object.freeze(players.filter((_, i) => (mask & (1 << i)) !== 0));
    values[mask] = checkValue(await value(coalition), coalition);
    evaluations += 1;
  }
  return { ...shapleyFromMaskedValues(players, values), evaluations };
}

/** Every mask below 2^n, by number of members, then ascending (Gosper's next-combination step). */
function* masksBySize(n: number): Generator<number> {
  yield 0;
  for (let members = 1; members <= n; members++) {
    let mask = (1 << members) - 1;
    while (mask < 1 << n) {
      yield mask;
      const lowest = mask & -mask;
      const ripple = mask + lowest;
      mask = (((ripple ^ mask) >>> 2) / lowest) | ripple;
    }
  }
}

/** `sizes[mask]`: the number of 1 bits of each mask below 2^n. */
function popcounts(n: number): Uint8Array {
  const sizes = new Uint8Array(1 << n);
  for (let mask = 1; mask < sizes.length; mask++) sizes[mask] = (sizes[mask >> 1] ?? 0) + (mask & 1);
  return sizes;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}
