import { AnalysisOptionsError } from './analysis_options_error.ts';
import type { ExpertMode } from './expert_mode.ts';

/**
 * The values τ may take, ends included, everywhere (options, flags, `soce.yaml`): a bound on
 * |correlation|. τ = 0 calls no pair weak; τ = 1 calls every imperfectly correlated pair weak.
 */
export const TAU_RANGE = { min: 0, max: 1 } as const;

/** Whether `tau` is a number in {@link TAU_RANGE}. */
export function isTau(tau: unknown): tau is number {
  return typeof tau === 'number' && Number.isFinite(tau) && tau >= TAU_RANGE.min && tau <= TAU_RANGE.max;
}

/** What a τ out of range is told: the range and what τ means. */
export const TAU_RANGE_MESSAGE: string = `a number between ${TAU_RANGE.min} and ${TAU_RANGE.max} (|correlation| below it counts as weak)`;

/**
 * The default threshold τ: about the smallest |r| that is significantly different from 0 (5 %,
 * two-sided) over a leaderboard of ~100 models (0.197 for 100, 0.179 for BFCL v3's 120), so the
 * pairs called weak are those with no measurable correlation. On BFCL v3 it sits in the gap
 * between the near-zero pairs (≤ 0.152) and the rest (≥ 0.233), and gives the paper's experts for
 * both its 8B and 70B candidates. docs/guides/choosing-tau.md has the numbers.
 */
export const DEFAULT_TAU = 0.2;

/**
 * The default τ of cluster mode, where τ is a merge threshold (categories join while their
 * average |ρ| stays above it) rather than the paper's "weak" bound: at 0.2 every BFCL v3 category
 * ends in one cluster; 0.55-0.65 separates them into the paper's three experts.
 * docs/guides/choosing-tau.md has the sweep.
 */
export const DEFAULT_CLUSTER_TAU = 0.6;

/** The default τ of a mode: {@link DEFAULT_TAU} for the paper's rule, {@link DEFAULT_CLUSTER_TAU} for clusters. */
export function defaultTau(mode: ExpertMode): number {
  return mode === 'cluster' ? DEFAULT_CLUSTER_TAU : DEFAULT_TAU;
}

/** The τ values a sweep visits by default: 0.05, 0.10, …, 0.95 (each the double nearest the decimal). */
export const DEFAULT_SWEEP: readonly number[] = Array.from({ length: 19 }, (_, k) => (k + 1) / 20);

/** Throws `AnalysisOptionsError` unless `tau` is a number in {@link TAU_RANGE}. */
export function checkTau(tau: number, option = 'tau'): number {
  if (!isTau(tau)) throw new AnalysisOptionsError(`${option} must be ${TAU_RANGE_MESSAGE}, got ${String(tau)}`);
  return tau;
}
