/**
 * The names among `names` that `query` was probably meant to be, best first, of the best kind
 * found: the same name in another case; else names containing it or contained in it (a model
 * name without its ` (FC)` suffix); else names within a small edit distance. Used by every "unknown name" message so that it can say "did you mean".
 */
export function closeMatches(query: string, names: readonly string[], limit = 3): string[] {
  const q = query.trim().toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const name of names) {
    const n = name.toLowerCase();
    let score: number | null = null;
    if (n === q) score = 0;
    else if (q.length >= 3 && (n.includes(q) || q.includes(n))) score = 1 + Math.abs(n.length - q.length) / 1000;
    else {
      const d = editDistance(q, n);
      if (d <= Math.max(2, Math.floor(Math.max(q.length, n.length) / 3))) score = 2 + d;
    }
    if (score !== null) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Only the best kind of match: "m1" should not suggest "m2" when "M1" is in the list.
  const tier = Math.floor(scored[0]?.score ?? 0);
  return scored.filter((s) => Math.floor(s.score) === tier || tier >= 2).slice(0, limit).map((s) => s.name);
}

/** `closeMatches` as the end of a sentence: `; did you mean "a" or "b"?`, or nothing. */
export function didYouMean(query: string, names: readonly string[]): string {
  const matches = closeMatches(query, names);
  if (matches.length === 0) return '';
  return `; did you mean ${matches.map((m) => JSON.stringify(m)).join(' or ')}?`;
}

// Levenshtein distance over UTF-16 code units with one rolling row: names are short.
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
