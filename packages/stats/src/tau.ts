import { AnalysisOptionsError } from './analysis_options_error.ts';

/**
 * The default threshold τ. On the BFCL v3 leaderboard (see docs/guides/choosing-tau.md) 0.2 is
 * where the literal rule starts to separate the agentic categories (multi-turn, relevance and
 * irrelevance detection) from the AST ones, and it gives the SoCE paper's 8B experts.
 */
export const DEFAULT_TAU = 0.2;

/** The τ values a sweep visits by default: 0.05, 0.10, …, 0.95 (each the double nearest the decimal). */
export const DEFAULT_SWEEP: readonly number[] = Array.from({ length: 19 }, (_, k) => (k + 1) / 20);

/** Throws `AnalysisOptionsError` unless `tau` is a number in [0, 1]. */
export function checkTau(tau: number, option = 'tau'): number {
  if (typeof tau !== 'number' || !Number.isFinite(tau) || tau < 0 || tau > 1) {
    throw new AnalysisOptionsError(`${option} must be a number between 0 and 1 (|correlation| below it counts as weak), got ${String(tau)}`);
  }
  return tau;
}
