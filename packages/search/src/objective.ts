/**
 * What the search maximises, computed from the per-category scores an evaluation returns. The
 * paper maximises the soup's total over all categories; an option may weight categories (e.g. by
 * their number of test items) or keep only some of them (a held-out split).
 */
import { z } from 'zod';
import { parseWithSchema } from '@soce/common';
import { SearchOptionsError } from './errors.ts';

/** Per-category scores of one model or soup (accuracy in percent, or the benchmark's unit), e.g. `{ "Live Simple AST": 74.81, ... }`. */
export type CategoryScores = Readonly<Record<string, number>>;

/** The named objectives: `sum` of the category scores (the paper's), or their `mean`. */
export const OBJECTIVE_NAMES = ['sum', 'mean'] as const;

/** One of {@link OBJECTIVE_NAMES}. */
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

/**
 * The objective: `'sum'` (the paper's), `'mean'`, `{ weights }` (Σ weight × score over the
 * weighted categories; categories without a weight do not count, which is how a held-out split is
 * kept out of the search), or a named custom function. The name of a custom objective goes into
 * the journal so a resumed search cannot silently switch objectives.
 */
export type Objective =
  | ObjectiveName
  | { readonly weights: Readonly<Record<string, number>> }
  | { readonly name: string; readonly score: (scores: CategoryScores) => number };

/** How the journal header identifies an objective (JSON, compared on resume). */
export type ObjectiveIdentity =
  | { readonly kind: 'sum' }
  | { readonly kind: 'mean' }
  | { readonly kind: 'weighted'; readonly weights: Readonly<Record<string, number>> }
  | { readonly kind: 'custom'; readonly name: string };

/** A checked objective: its identity and the function that scores an evaluation. */
export interface ResolvedObjective {
  /** What the journal header records. */
  readonly identity: ObjectiveIdentity;
  /** The value to maximise; throws an Error whose message says why `scores` cannot be scored. */
  readonly score: (scores: CategoryScores) => number;
}

const weightsSchema = z
  .record(z.string(), z.number().min(0, 'category weights must be >= 0'))
  .refine((w) => Object.values(w).some((v) => v > 0), 'give at least one category a positive weight');
const customSchema = z.strictObject({
  name: z.string().trim().min(1, 'a custom objective needs a name'),
  score: z.custom<(scores: CategoryScores) => number>((v) => typeof v === 'function', 'score must be a function'),
});

function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new Error(`${what} is ${value}, not a finite number`);
  return value;
}

/** Checks an objective; a SearchOptionsError says what is wrong with it. */
export function resolveObjective(objective: Objective = 'sum'): ResolvedObjective {
  if (objective === 'sum') {
    return {
      identity: { kind: 'sum' },
      score: (scores) => finite(Object.values(scores).reduce((a, b) => a + b, 0), 'the sum of the category scores'),
    };
  }
  if (objective === 'mean') {
    return {
      identity: { kind: 'mean' },
      score: (scores) => {
        const values = Object.values(scores);
        return finite(values.reduce((a, b) => a + b, 0) / values.length, 'the mean of the category scores');
      },
    };
  }
  if (typeof objective === 'object' && objective !== null && 'weights' in objective) {
    const weights = parseWithSchema(z.strictObject({ weights: weightsSchema }), objective, 'objective', (message) => new SearchOptionsError(message)).weights;
    const entries = Object.entries(weights);
    return {
      identity: { kind: 'weighted', weights },
      score: (scores) => {
        let total = 0;
        for (const [category, weight] of entries) {
          const value = scores[category];
          if (value === undefined) {
            throw new Error(`the objective weights category '${category}', which the evaluation did not score`);
          }
          total += weight * value;
        }
        return finite(total, 'the weighted sum of the category scores');
      },
    };
  }
  if (typeof objective === 'object' && objective !== null && 'score' in objective) {
    const { name, score: custom } = parseWithSchema(customSchema, objective, 'objective', (message) => new SearchOptionsError(message));
    return {
      identity: { kind: 'custom', name },
      score: (scores) => {
        const value: unknown = custom(scores);
        if (typeof value !== 'number') throw new Error(`objective '${name}' returned ${typeof value}, not a number`);
        return finite(value, `objective '${name}'`);
      },
    };
  }
  throw new SearchOptionsError(
    `objective ${JSON.stringify(objective)} is none of 'sum', 'mean', { weights: { category: weight } } or { name, score }`,
  );
}
