/**
 * Parses JSON as Python's `json.dumps` writes it by default: standard JSON plus the bare tokens
 * `NaN`, `Infinity` and `-Infinity`, which it emits for non-finite floats (lm-evaluation-harness
 * writes its results this way, so one undefined standard error puts `NaN` in the file). The
 * tokens become the corresponding JavaScript numbers; inside strings they are left alone.
 * Throws the `SyntaxError` of `JSON.parse` for anything else that is not JSON.
 */
export function parsePythonJson(text: string): unknown {
  if (!/NaN|Infinity/.test(text)) return JSON.parse(text);
  const marker = `\u0000soce-nonfinite:`;
  const values: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };
  const pieces: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      // Skip a string literal whole, escapes included, so a token inside it is never touched.
      i += 1;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i += 1;
      continue;
    }
    const token = char === 'N' || char === 'I' || char === '-' ? /^(-Infinity|Infinity|NaN)/.exec(text.slice(i, i + 9))?.[1] : undefined;
    if (token === undefined) {
      i += 1;
      continue;
    }
    pieces.push(text.slice(copied, i), JSON.stringify(marker + token));
    i += token.length;
    copied = i;
  }
  pieces.push(text.slice(copied));
  // Only a string of the input spelling the marker itself (an escaped U+0000 first) could be
  // mistaken for a token; no benchmark writes one.
  return JSON.parse(pieces.join(''), (_key, value: unknown) => (typeof value === 'string' && value.startsWith(marker) ? values[value.slice(marker.length)] : value));
}
