import { z } from 'zod';
import type { CategoryScores } from '@soce/search';
import { EvaluationError } from './evaluation_error.ts';

const scoresSchema = z.record(z.string().min(1), z.number().refine(Number.isFinite, 'must be a finite number'));

/**
 * Parses the evaluator command's own score format: one JSON object `{ "category": number, … }`.
 * `source` names where the text came from (a file, "stdout") for the error message.
 */
export function parseScoresJson(text: string, source: string): CategoryScores {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new EvaluationError(
      `${source}: not JSON (${error instanceof Error ? error.message : String(error)}); the evaluator must write { "category": number, ... }`,
    );
  }
  const parsed = scoresSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
    throw new EvaluationError(
      `${source}: not a score object${where}: ${issue?.message ?? 'invalid'}; the evaluator must write { "category": number, ... }`,
    );
  }
  // Built from the parsed text's own entries: a category may be called anything, `__proto__`
  // included, and assigning that key to a plain object would drop it.
  const scores: CategoryScores = Object.fromEntries(Object.entries(data as Record<string, number>));
  if (Object.keys(scores).length === 0) {
    throw new EvaluationError(`${source}: the score object is empty; the evaluator must score at least one category`);
  }
  return scores;
}
