/**
 * Integer helpers for exact points: every weight soce proposes is a numerator over a common
 * denominator, so sums are exact and cache keys never depend on float rounding.
 */

/** Greatest common divisor of two non-negative safe integers (gcd(0, 0) = 0). */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/**
 * Least common multiple of two positive safe integers. Throws a RangeError when the result leaves
 * the safe-integer range, since exactness is the whole point of these numbers.
 */
export function lcm(a: number, b: number): number {
  const result = (a / gcd(a, b)) * b;
  if (!Number.isSafeInteger(result)) {
    throw new RangeError(`common denominator of ${a} and ${b} exceeds ${Number.MAX_SAFE_INTEGER}`);
  }
  return result;
}

/** The binomial coefficient C(n, k) as an exact bigint; 0 outside 0 <= k <= n. */
export function binomial(n: number, k: number): bigint {
  if (k < 0 || n < 0 || k > n) return 0n;
  const kk = Math.min(k, n - k);
  let result = 1n;
  for (let i = 1; i <= kk; i++) result = (result * BigInt(n - kk + i)) / BigInt(i);
  return result;
}
