/**
 * Players, coalition values or a value function that Shapley values cannot be computed from: a
 * duplicate player, a coalition with an unknown member, a missing or non-finite coalition value,
 * too many players for exact computation... The message names the culprit and the fix.
 */
export class ShapleyInputError extends Error {
  override readonly name = 'ShapleyInputError';
}
