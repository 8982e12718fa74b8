import { mean } from '@soce/stats';
/** Twice the mean. */
export function twice(xs: readonly number[]): number { return 2 * mean(xs); }
