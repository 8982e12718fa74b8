/**
 * Soup weights: a point of the simplex over a fixed, ordered list of named experts. A `Weights`
 * value can only come out of a function that checked or normalised it, so code that receives one
 * never re-validates.
 */
import { WEIGHT_SUM_TOLERANCE } from '@soce/common';
import { WeightsError } from './errors.ts';

const token: unique symbol = Symbol('Weights');
let build: (experts: readonly string[], values: readonly number[]) => Weights;

/**
 * Non-negative, finite weights summing to 1 (within {@link WEIGHT_SUM_TOLERANCE}) over named
 * experts. Build one with {@link weightsFrom}, {@link normalizeWeights} or {@link uniformWeights}
 * (or from an exact point); the constructor is closed so no unchecked value can exist.
 */
export class Weights {
  static {
    build = (experts, values) => new Weights(token, experts, values);
  }

  /** The experts, in the order the soup and the journal use. */
  readonly experts: readonly string[];
  /** `values[i]` is the weight of `experts[i]`. */
  readonly values: readonly number[];

  private constructor(key: symbol, experts: readonly string[], values: readonly number[]) {
    if (key !== token) {
      throw new TypeError('Weights are built by weightsFrom, normalizeWeights or uniformWeights');
    }
    this.experts = Object.freeze([...experts]);
    this.values = Object.freeze([...values]);
    Object.freeze(this);
  }

  /** The weight of one expert; a WeightsError names the known experts when `expert` is not one. */
  get(expert: string): number {
    const index = this.experts.indexOf(expert);
    if (index < 0) {
      throw new WeightsError(`'${expert}' is not one of the experts ${this.experts.join(', ')}`);
    }
    return this.values[index] as number;
  }

  /** The weights as a plain record in expert order, e.g. for JSON. */
  toRecord(): Record<string, number> {
    return Object.fromEntries(this.experts.map((name, i) => [name, this.values[i] as number]));
  }

  /** `name=weight` pairs with 3 significant digits (`xlam=0.333`), for logs; {@link toRecord} for the exact values. */
  toString(): string {
    return this.experts.map((name, i) => `${name}=${formatWeight(this.values[i] as number)}`).join(', ');
  }
}

/**
 * A weight for people: 3 significant digits, no trailing zeros (`0.333`, `0.5`, `0.0125`). Logs
 * and summaries print weights this way; journals and reports keep the exact values.
 */
export function formatWeight(weight: number): string {
  return String(Number(weight.toPrecision(3)));
}

/**
 * Checks an ordered list of expert names: at least one, each a non-empty string, no repeats
 * (the soup and the journal identify experts by name). Returns a frozen copy.
 */
export function checkExperts(experts: readonly string[]): readonly string[] {
  if (experts.length === 0) throw new WeightsError('no experts: give at least one expert name');
  const seen = new Set<string>();
  for (const [i, name] of experts.entries()) {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new WeightsError(`expert #${i + 1} has an empty name: every expert needs a name`);
    }
    if (seen.has(name)) throw new WeightsError(`expert '${name}' is listed twice: list each expert once`);
    seen.add(name);
  }
  return Object.freeze([...experts]);
}

/** The record's values in `experts` order, after checking its keys are exactly those experts. */
function valuesInOrder(record: Readonly<Record<string, number>>, experts: readonly string[]): number[] {
  for (const name of Object.keys(record)) {
    if (!experts.includes(name)) {
      throw new WeightsError(`'${name}' is not one of the experts ${experts.join(', ')}: remove it or fix the name`);
    }
  }
  return experts.map((name) => {
    if (!Object.hasOwn(record, name)) {
      throw new WeightsError(`expert '${name}' has no weight: give every expert a weight (0 leaves it out of the soup)`);
    }
    return record[name] as number;
  });
}

function checkValue(expert: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new WeightsError(`weight of expert '${expert}' is ${String(value)}: weights must be finite numbers`);
  }
  if (value < 0) {
    throw new WeightsError(`weight of expert '${expert}' is ${value}: weights must be >= 0 (0 leaves it out of the soup)`);
  }
}

/**
 * Weights from values already in expert order, checked strictly like {@link weightsFrom}. Used
 * by exact points, whose fractions always pass.
 */
export function weightsFromValues(experts: readonly string[], values: readonly number[]): Weights {
  const names = checkExperts(experts);
  if (values.length !== names.length) {
    throw new WeightsError(`${values.length} weights for ${names.length} experts (${names.join(', ')}): give one weight per expert`);
  }
  values.forEach((value, i) => checkValue(names[i] as string, value));
  const sum = values.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    throw new WeightsError(
      `weights ${names.map((n, i) => `${n}=${values[i]}`).join(', ')} sum to ${sum}, not 1: ` +
        'fix them or use normalizeWeights to rescale them',
    );
  }
  return build(names, values);
}

/**
 * Strict weights from a record `{ expert: weight }`: every value finite and >= 0, the sum 1 within
 * {@link WEIGHT_SUM_TOLERANCE}. `experts` fixes the order and requires exactly those keys; without
 * it the record's key order is used.
 */
export function weightsFrom(record: Readonly<Record<string, number>>, experts?: readonly string[]): Weights {
  const names = checkExperts(experts ?? Object.keys(record));
  return weightsFromValues(names, valuesInOrder(record, names));
}

/**
 * Weights proportional to a record of non-negative finite values (at least one positive), e.g.
 * `{ a: 7, b: 2, c: 1 }` -> 0.7, 0.2, 0.1. `experts` fixes the order as in {@link weightsFrom}.
 */
export function normalizeWeights(record: Readonly<Record<string, number>>, experts?: readonly string[]): Weights {
  const names = checkExperts(experts ?? Object.keys(record));
  const values = valuesInOrder(record, names);
  values.forEach((value, i) => checkValue(names[i] as string, value));
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum === 0) throw new WeightsError('every weight is 0: give at least one expert a positive weight');
  if (!Number.isFinite(sum)) throw new WeightsError(`weights sum to ${sum}: use smaller values`);
  return build(names, values.map((value) => value / sum));
}

/** Equal weights 1/n over the experts: the uniform soup of Wortsman et al. */
export function uniformWeights(experts: readonly string[]): Weights {
  const names = checkExperts(experts);
  return build(names, names.map(() => 1 / names.length));
}
