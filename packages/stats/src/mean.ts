/** Mean. */
export function mean(xs: readonly number[]): number { let s = 0; for (const x of xs) s += x; return s / xs.length; }
