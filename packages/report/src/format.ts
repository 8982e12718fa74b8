/** The minus sign of every number in the report (U+2212), the one the charts' axes and legends use. */
export const MINUS = '\u2212';

/**
 * `value` with `digits` decimals and the report's minus sign; a value that rounds to zero has no
 * sign (never `−0.00`).
 */
export function formatFixed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && Number(text) !== 0 ? `${MINUS}${text}` : text;
}

/** A score or total: two decimals, the precision leaderboards publish; a dash when absent. */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : formatFixed(value, 2);
}

/** A soup weight: two decimals, enough for the paper's 0.1 grid and finer searches alike. */
export function formatWeight(value: number): string {
  return formatFixed(value, 2);
}

/** A correlation coefficient; `null` (too little data or no variance) shows as a dash. */
export function formatCorrelation(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : formatFixed(value, 2);
}

/** A signed difference, so a gain reads `+4.46` and a loss `−1.20`. */
export function formatDelta(value: number): string {
  const text = formatFixed(value, 2);
  return text.startsWith(MINUS) ? text : `+${text}`;
}

/**
 * A timestamp for people: `2025-11-20 14:32 UTC`. An unparsable string is shown as it is, since
 * the report should still render when a producer wrote an odd date.
 */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Weights as `name 0.70, name 0.20`: in `order` when given (rows of one search read best in the
 * same order), else heaviest first, how the paper writes a soup.
 */
export function formatWeights(weights: Readonly<Record<string, number>>, order?: readonly string[]): string {
  const entries = order
    ? order.flatMap((name) => (weights[name] === undefined ? [] : [[name, weights[name]] as const]))
    : Object.entries(weights).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return entries.map(([name, w]) => `${name} ${formatWeight(w)}`).join(', ');
}
