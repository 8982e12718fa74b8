import { z } from 'zod';
import { ScoreTableError } from './score_table_error.ts';

/** How to read a score table out of a CSV or JSON text. */
export interface ScoreTableOptions {
  /**
   * The category columns, in the order wanted: exact headers, globs (`*Acc`) or
   * `/regular expressions/` (see `selectColumns`). Without it the categories are detected (see
   * `detectCategoryColumns`).
   */
  readonly categories?: readonly string[];
  /** The header of the column holding model names. Without it: `Model`, `Model Name`, `model_name` or `Name`, in any case. */
  readonly modelColumn?: string;
  /** The CSV field separator (one character); `,` unless given. */
  readonly delimiter?: string;
}

const optionsSchema = z.object({
  categories: z.array(z.string()).min(1, 'list at least one category, or leave categories out to detect them').optional(),
  modelColumn: z.string().trim().min(1, 'must not be empty').optional(),
  delimiter: z.string().length(1, 'must be one character').optional(),
});

/** Validates parser options coming from untyped callers; a bad option is a `ScoreTableError`. */
export function checkScoreTableOptions(options: ScoreTableOptions, source: string): ScoreTableOptions {
  const parsed = optionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ScoreTableError({ source }, `invalid option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'unknown problem'}`);
}
