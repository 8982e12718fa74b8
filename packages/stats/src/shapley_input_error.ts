import { SoceError } from '@soce/common';

/**
 * Players, coalition values or a value function that Shapley values cannot be computed from: a
 * duplicate player, a coalition with an unknown member, a missing or non-finite coalition value,
 * too many players for exact computation... The message names the culprit and the fix. Code
 * `shapley-input`, kind `input`.
 */
export class ShapleyInputError extends SoceError<'shapley-input'> {
  override readonly name = 'ShapleyInputError';
  /** `message` should name the player, coalition or value at fault and the fix. */
  constructor(message: string) {
    super(message, { code: 'shapley-input', kind: 'input' });
  }
}
