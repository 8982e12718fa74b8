/**
 * How one cell of a score table reads: a score, a missing score, or something that is not a score.
 * Scores keep the scale they are written in: `78.45%` and `78.45` both read as 78.45, so a table
 * must not mix percentages with fractions such as 0.7845 in one category.
 */
export type ScoreCell =
  | { readonly kind: 'score'; readonly value: number; readonly percent: boolean }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly why: string };

/**
 * The spellings of "no score" found in published leaderboards, compared case-insensitively after
 * trimming. An empty cell is missing too.
 */
export const MISSING_MARKERS: readonly string[] = ['n/a', 'na', 'nan', 'null', 'none', '-', '–', '—', '?'];

const missing = new Set(MISSING_MARKERS);
// A plain decimal number, optionally signed, with an optional exponent and an optional trailing %.
// Deliberately stricter than Number(): no hex, no "Infinity", no thousands separators.
const decimal = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(%?)$/;

/** Reads one cell: a JSON number, a JSON null, or text as written in a CSV file. */
export function parseScoreCell(cell: unknown): ScoreCell {
  if (cell === null || cell === undefined) return { kind: 'missing' };
  if (typeof cell === 'number') {
    return Number.isFinite(cell) ? { kind: 'score', value: cell, percent: false } : { kind: 'invalid', why: `${cell} is not a finite number` };
  }
  if (typeof cell !== 'string') return { kind: 'invalid', why: `a ${Array.isArray(cell) ? 'list' : typeof cell} is not a score` };
  const text = cell.trim();
  if (text === '' || missing.has(text.toLowerCase())) return { kind: 'missing' };
  const match = decimal.exec(text);
  if (match === null) {
    const why = /^\d{1,3}(,\d{3})+(\.\d+)?%?$/.test(text) ? `"${text}" uses a thousands separator` : `"${text}" is not a number`;
    return { kind: 'invalid', why };
  }
  const value = Number(match[1]);
  if (!Number.isFinite(value)) return { kind: 'invalid', why: `"${text}" is too large` };
  return { kind: 'score', value, percent: match[2] === '%' };
}

/** The fix suggested for a cell that is not a score, shared by every message that names one. */
export const SCORE_CELL_FIX = 'write a number such as 78.45 or 78.45%, or N/A (or leave the cell empty) for a missing score';
