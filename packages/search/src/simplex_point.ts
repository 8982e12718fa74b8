/**
 * Exact points of the simplex: integer numerators over one denominator, kept in lowest terms so
 * that equal points have equal keys. The search proposes only such points, and the cache and the
 * journal are keyed by them: floats never decide whether a point was already evaluated.
 */
import { WeightsError } from './errors.ts';
import { gcd, lcm } from './integers.ts';
import { checkExperts, weightsFromValues, type Weights } from './weights.ts';

const token: unique symbol = Symbol('SimplexPoint');
let build: (experts: readonly string[], numerators: readonly number[], denominator: number) => SimplexPoint;

/**
 * A point of the simplex over named experts with rational coordinates `numerators[i] / denominator`
 * in lowest terms. Zero weights are allowed (coalition soups leave experts out). Build one with
 * {@link simplexPoint}, {@link uniformPoint}, {@link coalitionPoint} or {@link pointFromWeights}.
 */
export class SimplexPoint {
  static {
    build = (experts, numerators, denominator) => new SimplexPoint(token, experts, numerators, denominator);
  }

  /** The experts, in the order of `numerators`. */
  readonly experts: readonly string[];
  /** Non-negative integers summing to `denominator`, with no common factor with it. */
  readonly numerators: readonly number[];
  /** The common denominator, at least 1. */
  readonly denominator: number;
  /** `"7,2,1/10"`: identifies the point among points over the same experts (cache and journal key). */
  readonly key: string;
  /** The same point as float weights, what the evaluator receives. */
  readonly weights: Weights;

  private constructor(key: symbol, experts: readonly string[], numerators: readonly number[], denominator: number) {
    if (key !== token) throw new TypeError('SimplexPoint values are built by simplexPoint and its siblings');
    this.experts = experts;
    this.numerators = Object.freeze([...numerators]);
    this.denominator = denominator;
    this.key = `${numerators.join(',')}/${denominator}`;
    this.weights = weightsFromValues(experts, numerators.map((k) => k / denominator));
    Object.freeze(this);
  }

  /** `name=k/d` pairs, for logs and error messages. */
  toString(): string {
    return this.experts.map((name, i) => `${name}=${this.numerators[i]}/${this.denominator}`).join(', ');
  }
}

/**
 * The exact point `numerators[i] / denominator` over `experts`, reduced to lowest terms.
 * Numerators must be non-negative safe integers summing to the denominator.
 */
export function simplexPoint(experts: readonly string[], numerators: readonly number[], denominator: number): SimplexPoint {
  const names = checkExperts(experts);
  if (!Number.isSafeInteger(denominator) || denominator < 1) {
    throw new WeightsError(`denominator ${denominator} of an exact point must be a positive integer`);
  }
  if (numerators.length !== names.length) {
    throw new WeightsError(`${numerators.length} numerators for ${names.length} experts (${names.join(', ')}): give one per expert`);
  }
  let sum = 0;
  for (const [i, k] of numerators.entries()) {
    if (!Number.isSafeInteger(k) || k < 0) {
      throw new WeightsError(`numerator of expert '${names[i]}' is ${k}: numerators must be integers >= 0`);
    }
    sum += k;
  }
  if (sum !== denominator) {
    throw new WeightsError(`numerators ${numerators.join(', ')} sum to ${sum}, not the denominator ${denominator}: the weights must sum to 1`);
  }
  const common = numerators.reduce((g, k) => gcd(g, k), denominator);
  return build(names, numerators.map((k) => k / common), denominator / common);
}

/** The uniform point 1/n over every expert. */
export function uniformPoint(experts: readonly string[]): SimplexPoint {
  return simplexPoint(experts, experts.map(() => 1), experts.length);
}

/**
 * The uniform soup of a coalition: weight 1/|members| on each member, 0 on every other expert
 * (the value of a coalition in the Shapley analysis).
 */
export function coalitionPoint(experts: readonly string[], members: readonly string[]): SimplexPoint {
  const names = checkExperts(experts);
  const chosen = new Set(members);
  if (chosen.size === 0) throw new WeightsError('an empty coalition has no soup: give at least one member');
  if (chosen.size !== members.length) throw new WeightsError(`coalition ${members.join(', ')} lists a member twice`);
  for (const member of chosen) {
    if (!names.includes(member)) {
      throw new WeightsError(`coalition member '${member}' is not one of the experts ${names.join(', ')}`);
    }
  }
  return simplexPoint(names, names.map((name) => (chosen.has(name) ? 1 : 0)), chosen.size);
}

/** The best rational approximation p/q of x in [0, 1] with q <= maxDenominator (continued fractions). */
function nearestFraction(x: number, maxDenominator: number): [number, number] {
  let [p0, p1, q0, q1] = [0, 1, 1, 0];
  let y = x;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(y);
    const [p2, q2] = [a * p1 + p0, a * q1 + q0];
    if (q2 > maxDenominator) break;
    [p0, p1, q0, q1] = [p1, p2, q1, q2];
    const rest = y - a;
    if (rest < 1e-15 || Math.abs(x - p1 / q1) < 1e-15) break;
    y = 1 / rest;
  }
  return [p1, q1];
}

/**
 * The exact point whose fractions are the given weights, when every weight is within `tolerance`
 * (default 1e-9) of a fraction with denominator at most `maxDenominator` (default 10 000):
 * 0.7/0.2/0.1 -> 7,2,1/10 and 1/3 typed as 0.333333333 -> 1/3. A WeightsError names the first
 * weight that is no such fraction.
 */
export function pointFromWeights(weights: Weights, maxDenominator = 10_000, tolerance = 1e-9): SimplexPoint {
  const fractions = weights.values.map((w, i) => {
    const [p, q] = nearestFraction(w, maxDenominator);
    if (Math.abs(w - p / q) > tolerance) {
      throw new WeightsError(
        `weight ${w} of expert '${weights.experts[i]}' is not a fraction with denominator <= ${maxDenominator}: ` +
          'round the weights (e.g. to 3 decimals) or give the exact point',
      );
    }
    return [p, q] as const;
  });
  const denominator = fractions.reduce((d, [, q]) => lcm(d, q), 1);
  const numerators = fractions.map(([p, q]) => p * (denominator / q));
  const sum = numerators.reduce((a, b) => a + b, 0);
  if (sum !== denominator) {
    throw new WeightsError(`weights ${JSON.stringify(weights.toRecord())} are fractions summing to ${sum}/${denominator}, not 1: fix them`);
  }
  return simplexPoint(weights.experts, numerators, denominator);
}
