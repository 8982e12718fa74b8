import type { ShapleyResult } from '@soce/stats';

/**
 * The terminal report of Shapley values: players from the highest value down, each value's share
 * of v(N) − v(∅), the standard error when sampled, and the efficiency check Σφ = v(N) − v(∅).
 */
export function formatShapleyReport(result: ShapleyResult, source: string): string {
  const total = result.grandCoalitionValue - result.emptyCoalitionValue;
  const ranked = result.values.map((v, order) => ({ ...v, order })).sort((a, b) => b.value - a.value || a.order - b.order);
  const width = Math.max('player'.length, ...ranked.map((v) => v.player.length));
  const sampled = result.method === 'sampled';
  const how = sampled ? `sampled from ${result.permutations} permutations, ${result.evaluations} coalition values` : `exact, from ${result.evaluations} coalition values`;
  const lines = [`Shapley values of ${result.values.length} players (${how}) in ${source}`, ''];
  lines.push(`  ${'player'.padEnd(width)}  ${'φ'.padStart(10)}${total === 0 ? '' : '   share'}${sampled ? '   std. error' : ''}`);
  for (const v of ranked) {
    const share = total === 0 ? '' : `${((100 * v.value) / total).toFixed(1).padStart(7)}%`;
    const error = sampled ? `   ${v.standardError === null ? 'n/a' : v.standardError.toPrecision(3)}` : '';
    lines.push(`  ${v.player.padEnd(width)}  ${v.value.toFixed(4).padStart(10)}${share}${error}`);
  }
  const sum = result.values.reduce((s, v) => s + v.value, 0);
  lines.push('', `  Σφ = ${sum.toFixed(4)} = v(N) − v(∅) = ${result.grandCoalitionValue.toFixed(4)} − ${result.emptyCoalitionValue.toFixed(4)}`);
  return `${lines.join('\n')}\n`;
}
