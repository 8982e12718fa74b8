import { z } from 'zod';
import { scoreTableFromRaw, type RawRow } from './raw_score_table.ts';
import type { ScoreTable } from './score_table.ts';
import { ScoreTableError } from './score_table_error.ts';
import { checkScoreTableOptions, type ScoreTableOptions } from './score_table_options.ts';

const modelsLayout = z.object({ models: z.record(z.string(), z.record(z.string(), z.unknown())) });
const rowsLayout = z.array(z.record(z.string(), z.unknown()));

/**
 * Reads a score table from JSON text, in either layout:
 * - `{ "models": { "<model>": { "<category>": <score> } } }`: every key of a model is a category
 *   (unless categories are selected); a category a model lacks is a missing score; other top-level
 *   keys are ignored;
 * - `[ { "Model": "<model>", "<column>": <value>, ... }, ... ]`: rows like a CSV file's, with the
 *   model column found or named and the categories selected or detected as for CSV.
 * A score is a number, `null` (missing) or a string as in CSV (`"78.45%"`, `"N/A"`). `source`
 * names the text in messages. Throws `ScoreTableError` and nothing else.
 */
export function parseScoreTableJson(text: string, source: string, options: ScoreTableOptions = {}): ScoreTable {
  const checked = checkScoreTableOptions(options, source);
  if (typeof text !== 'string') throw new ScoreTableError({ source }, 'expected the JSON text as a string');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ScoreTableError({ source }, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (Array.isArray(data)) {
    const parsed = rowsLayout.safeParse(data);
    if (!parsed.success) throw shapeError(source, parsed.error.issues[0], 'each row must be an object such as { "Model": "name", "category": 78.45 }');
    const rows = data as Record<string, unknown>[];
    const header = unionOfKeys(rows);
    const raw: RawRow[] = rows.map((row, i) => ({ at: `$[${i}]`, cells: header.map((h) => ownValue(row, h)) }));
    return scoreTableFromRaw({ layout: 'columns', source, header, rows: raw }, checked);
  }
  const parsed = modelsLayout.safeParse(data);
  if (!parsed.success) {
    throw shapeError(source, parsed.error.issues[0], 'expected { "models": { "<model>": { "<category>": <score or null> } } } or an array of rows such as [{ "Model": "name", "category": 78.45 }]');
  }
  // Read the original object, not zod's copy: a key such as "__proto__" must stay a plain key.
  const models = Object.entries((data as { models: Record<string, Record<string, unknown>> }).models);
  const header = unionOfKeys(models.map(([, scores]) => scores));
  const rows = models.map(([model, scores]) => {
    const at = `$.models[${JSON.stringify(model)}]`;
    const name = model.trim();
    if (name === '') throw new ScoreTableError({ source, line: at }, 'empty model name; name the model');
    return { at, model: name, cells: header.map((h) => ownValue(scores, h)) };
  });
  return scoreTableFromRaw({ layout: 'models', source, header, rows }, checked);
}

function unionOfKeys(objects: readonly Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const object of objects) for (const key of Object.keys(object)) keys.add(key);
  return [...keys];
}

function ownValue(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function shapeError(source: string, issue: z.core.$ZodIssue | undefined, expected: string): ScoreTableError {
  const path = issue === undefined ? '$' : `$${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `[${JSON.stringify(String(p))}]`)).join('')}`;
  return new ScoreTableError({ source, line: path }, `${issue?.message ?? 'unexpected shape'}; ${expected}`);
}
