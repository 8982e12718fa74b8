import { type DemoAnalysis, type DemoTable, type DemoTableEntry, type SeedSummary } from '@soce/mnist-demo';

function weights(entry: DemoTableEntry): string {
  const parts = Object.entries(entry.weights).sort(([, a], [, b]) => b - a);
  return parts.length === 1 ? '' : parts.map(([name, w]) => `${name} ${w.toFixed(2)}`).join(', ');
}

/**
 * The demo's Table 1 for the terminal: per-category test accuracies and the dev and test totals,
 * every candidate, then best single, the uniform soups, the same search over all candidates (the
 * ablation) and SoCE (with its weights).
 */
export function formatDemoTable(table: DemoTable, categories: readonly string[]): string {
  const rows: [string, DemoTableEntry][] = [
    ...table.candidates.map((c): [string, DemoTableEntry] => [c.name, c]),
    ['best single candidate', table.bestSingle],
    ['uniform soup (all)', table.uniformAll],
    ['uniform soup (SoCE experts)', table.uniformExperts],
    ['same search, all candidates', table.searchAll],
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
    `same search over all candidates: ${weights(table.searchAll)}`,
    `uniform soup of the experts: ${weights(table.uniformExperts)}`,
  ];
  return [header, line, ...body, '', ...notes, '(per-category columns: test accuracy %, totals summed over categories)'].join('\n') + '\n';
}

/** What the analysis chose, in two lines: the weak categories at τ and their experts. */
export function formatDemoAnalysis(analysis: DemoAnalysis, candidates: number): string {
  const weak = `weak categories at τ = ${analysis.tau}: ${analysis.weak.join(', ') || 'none'} (${analysis.weak.length} of ${analysis.categories.length})`;
  const experts = `experts: ${analysis.experts.map((e) => `${e.model} (${e.categories.join(', ')})`).join('; ')} (${analysis.experts.length} of ${candidates} candidates)`;
  return `${weak}\n${experts}\n`;
}

/**
 * The multi-seed table: each reference row's test total as mean ± sd over the seeds (dev beside
 * it), and on how many seeds SoCE's test total is above the row's; then each seed's weak
 * categories and experts.
 */
export function formatSeedSummary(summary: SeedSummary): string {
  const n = summary.seeds.length;
  const nameWidth = Math.max(...summary.rows.map((r) => r.label.length)) + 2;
  const pm = (s: { mean: number; sd: number }) => `${s.mean.toFixed(1)} ± ${s.sd.toFixed(1)}`;
  const header = `${'model or soup'.padEnd(nameWidth)}${'test Σ (mean ± sd)'.padStart(20)}${'dev Σ (mean ± sd)'.padStart(20)}${'SoCE better on test'.padStart(22)}`;
  const line = '─'.repeat(header.length);
  const body = summary.rows.map((r) => {
    const versus = r.soceVersus === undefined ? '' : `${r.soceVersus.wins} of ${n}${r.soceVersus.ties > 0 ? ` (${r.soceVersus.ties} tied)` : ''}`;
    return `${r.label.padEnd(nameWidth)}${pm(r.test).padStart(20)}${pm(r.dev).padStart(20)}${versus.padStart(22)}`;
  });
  const perSeed = summary.seeds.map((seed, i) => {
    const a = summary.seedAnalysis[i]!;
    return `seed ${seed}: weak ${a.weak.join(', ')}; experts ${a.experts.map((e) => e.model).join(', ')}`;
  });
  return [header, line, ...body, '', ...perSeed, `(totals summed over ${summary.seedAnalysis[0]?.categories.length ?? 0} categories, accuracy %; sd over ${n} seeds)`].join('\n') + '\n';
}
