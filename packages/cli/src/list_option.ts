/**
 * Splits a comma-separated flag value into its items, trimmed, without empty ones (so
 * `"a, b,"` is `["a", "b"]`). Names containing a comma can be matched with a glob (`?` for it).
 */
export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
