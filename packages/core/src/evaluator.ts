import type { AbortSignalLike, CategoryScores } from '@soce/search';

/** What an evaluator is told besides the soup: when to give up. */
export interface EvaluationContext {
  /** Fires when the run stops (Ctrl-C, SIGTERM): stop the benchmark and reject. */
  readonly signal?: AbortSignalLike | undefined;
}

/**
 * Scores one soup per category: given the soup's checkpoint directory and the weights it was made
 * with, resolves with `{ category: score }` or rejects with an {@link EvaluationError}. This is the
 * costly step of SoCE (hours for a large model), so the pipeline calls it once per point.
 */
export type CheckpointEvaluator = (soupDir: string, weights: Readonly<Record<string, number>>, context?: EvaluationContext) => Promise<CategoryScores>;

/** The longest readable part of an evaluation id; the hash after it keeps ids distinct. */
const READABLE_CHARS = 48;

/**
 * A short, stable, file-name-safe identifier for an evaluation: a readable prefix (the non-zero
 * weights, names shortened) and a 64-bit hash of the whole point — every name and every weight,
 * in the experts' order, at full precision. Soups, logs and score files are named by it, so a
 * resumed run finds the same names; at most 65 characters, however many candidates there are and
 * however long their names (a file name may have 255 bytes). The journal keeps the full names.
 */
export function evaluationId(weights: Readonly<Record<string, number>>): string {
  const entries = Object.entries(weights);
  const readable = entries
    .filter(([, w]) => w > 0)
    .map(([name, w]) => `${name.replace(/[^A-Za-z0-9]+/g, '').slice(0, 8) || 'x'}${w.toFixed(3).replace(/^0\./, '.')}`)
    .join('_')
    .slice(0, READABLE_CHARS)
    .replace(/_$/, '');
  return `${readable}-${fnv1a64(JSON.stringify(entries))}`;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

/** FNV-1a, 64 bits, over the UTF-16 code units of `text`, as 16 hex digits. */
function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    hash = ((hash ^ BigInt(unit & 0xff)) * FNV_PRIME) & MASK_64;
    hash = ((hash ^ BigInt(unit >>> 8)) * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}
