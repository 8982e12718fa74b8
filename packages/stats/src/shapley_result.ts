import { ShapleyInputError } from './shapley_input_error.ts';

/**
 * The worth of a coalition: for SoCE, the score of the soup of its members. Called with the
 * members in the order of the players list; may be asynchronous (merging and benchmarking take
 * hours), which is why every computation here calls it at most once per coalition.
 */
export type ValueFunction = (coalition: readonly string[]) => number | Promise<number>;

/** One player's Shapley value. */
export interface ShapleyValue {
  /** The player. */
  readonly player: string;
  /** Its Shapley value φ. */
  readonly value: number;
  /** The standard error of a sampled estimate (0 when exact, `null` with fewer than two samples). */
  readonly standardError: number | null;
}

/** Shapley values with what it took to get them. */
export interface ShapleyResult {
  /** `exact` (every coalition) or `sampled` (random permutations). */
  readonly method: 'exact' | 'sampled';
  /** One value per player, in the order of the players list. */
  readonly values: readonly ShapleyValue[];
  /** v(N), the worth of all players together. */
  readonly grandCoalitionValue: number;
  /** v(∅), the worth of nobody. */
  readonly emptyCoalitionValue: number;
  /** How many coalition values were used (value-function calls, or table entries). */
  readonly evaluations: number;
  /** How many permutations the estimate averages (sampled only, else `null`). */
  readonly permutations: number | null;
}

/** Above this many players, exact Shapley values (2^n coalitions) give way to sampling. */
export const MAX_EXACT_PLAYERS = 20;

/** Throws `ShapleyInputError` unless `players` is a non-empty list of distinct non-empty names. */
export function checkPlayers(players: readonly string[]): void {
  if (!Array.isArray(players) || players.length === 0) throw new ShapleyInputError('players: give at least one player');
  const seen = new Set<string>();
  for (const player of players) {
    if (typeof player !== 'string' || player === '') throw new ShapleyInputError(`players: ${JSON.stringify(player)} is not a name; players are non-empty strings`);
    if (seen.has(player)) throw new ShapleyInputError(`players: "${player}" is listed twice; list each player once`);
    seen.add(player);
  }
}

/** Throws `ShapleyInputError` unless the value of `coalition` is a finite number. */
export function checkValue(value: unknown, coalition: readonly string[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ShapleyInputError(`the value of coalition ${formatCoalition(coalition)} is ${String(value)}; a coalition's value must be a finite number`);
  }
  return value;
}

/** A coalition as messages show it: `{A, B}`, `{}` for nobody. */
export function formatCoalition(coalition: readonly string[]): string {
  return `{${coalition.join(', ')}}`;
}
