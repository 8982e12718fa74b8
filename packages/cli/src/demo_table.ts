import type { DemoTable, DemoTableEntry } from '@soce/mnist-demo';

function weights(entry: DemoTableEntry): string {
  const parts = Object.entries(entry.weights);
  return parts.length === 1 ? '' : parts.map(([name, w]) => `${name} ${w.toFixed(2)}`).join(', ');
}

/**
 * The demo's Table 1 for the terminal: per-category test accuracies and the dev and test totals,
 * every candidate, then best single, the uniform soups and SoCE (with its weights).
 */
export function formatDemoTable(table: DemoTable, categories: readonly string[]): string {
  const rows: [string, DemoTableEntry][] = [
    ...table.candidates.map((c): [string, DemoTableEntry] => [c.name, c]),
    ['best single candidate', table.bestSingle],
    ['uniform soup (all)', table.uniformAll],
    ['uniform soup (SoCE experts)', table.uniformExperts],
    ['SoCE', table.soce],
  ];
  const nameWidth = Math.max(...rows.map(([name]) => name.length)) + 2;
  const header = `${'model'.padEnd(nameWidth)}${categories.map((c) => c.padStart(9)).join('')}${'test Σ'.padStart(10)}${'dev Σ'.padStart(10)}`;
  const line = '─'.repeat(header.length);
  const body = rows.map(([name, e], i) => {
    const cells = categories.map((c) => (e.categories.test[c] ?? Number.NaN).toFixed(1).padStart(9)).join('');
    const separator = i === table.candidates.length ? `${line}\n` : '';
    return `${separator}${name.padEnd(nameWidth)}${cells}${e.test.toFixed(1).padStart(10)}${e.dev.toFixed(1).padStart(10)}`;
  });
  const notes = [
    `best single: ${table.bestSingle.name.replace(/^best single: /, '')} (chosen on dev)`,
    `SoCE weights: ${weights(table.soce)}`,
    `uniform soup of the experts: ${weights(table.uniformExperts)}`,
  ];
  return [header, line, ...body, '', ...notes, '(per-category columns: test accuracy %, totals summed over categories)'].join('\n') + '\n';
}
