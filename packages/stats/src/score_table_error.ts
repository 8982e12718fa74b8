import { SoceError } from '@soce/common';

/** Where in an input a problem is: the file (or other source) and, when known, the line, column and model. */
export interface ScoreTableLocation {
  /** The file name or other label the text came from. */
  readonly source: string;
  /** The 1-based line in a CSV file, or a JSON path such as `$.models["x"]`. */
  readonly line?: number | string;
  /** The column (category) the problem is in. */
  readonly column?: string;
  /** The model whose row the problem is in. */
  readonly model?: string;
}

/**
 * A score table that cannot be read as given: malformed CSV or JSON, a missing model column, an
 * unknown category, a cell that is not a score, a duplicate model... The message names the
 * source, the line (or JSON path), the column and the model where they apply, and how to fix it.
 * Code `score-table`, kind `input`.
 */
export class ScoreTableError extends SoceError<'score-table'> {
  override readonly name = 'ScoreTableError';
  /** Where the problem is, for callers that point at it themselves (an editor, a report). */
  readonly location: ScoreTableLocation;

  constructor(location: ScoreTableLocation, problem: string) {
    super(`${describeLocation(location)}: ${problem}`, { code: 'score-table', kind: 'input' });
    this.location = location;
  }
}

function describeLocation(at: ScoreTableLocation): string {
  const parts = [at.source];
  if (typeof at.line === 'number') parts.push(`line ${at.line}`);
  else if (at.line !== undefined) parts.push(at.line);
  if (at.column !== undefined) parts.push(`column "${at.column}"`);
  if (at.model !== undefined) parts.push(`model "${at.model}"`);
  return parts.join(', ');
}
