import type { Analysis } from '@soce/stats';

/** How the categories were chosen, for the report's first lines. */
export interface AnalysisReportContext {
  /** Whether the categories were detected (no `--categories`). */
  readonly detected: boolean;
  /** How many models the score table has. */
  readonly models: number;
}

const METHOD = { pearson: 'Pearson', spearman: 'Spearman' } as const;

/**
 * The terminal report of `soce analyze`: what was analyzed, the correlation matrix with weak
 * pairs marked, the weak categories and why, the clusters (cluster mode), the experts and what
 * each won, and the τ sweep. Plain text, fixed-width columns, no colour (it goes to logs too).
 */
export function formatAnalysisReport(analysis: Analysis, context: AnalysisReportContext): string {
  const lines: string[] = [];
  const { categories, tau } = analysis;
  const counts = analysis.n.flatMap((row, i) => row.filter((_, j) => j !== i));
  const nMin = Math.min(...counts);
  const nMax = Math.max(...counts);
  // Candidates are distinct models of the table, so as many as the table has means all of them.
  const allCandidates = analysis.candidates.length === context.models;

  lines.push(`Scores      ${analysis.source}`);
  lines.push(`Categories  ${categories.length} (${context.detected ? 'detected; choose with --categories' : 'selected'})`);
  const pairs = counts.length === 0 ? '' : `, n = ${nMin === nMax ? nMin : `${nMin}–${nMax}`} models per pair`;
  const over = analysis.population.length === context.models ? `all ${context.models} models` : `the ${analysis.population.length} candidates`;
  lines.push(`Correlation ${METHOD[analysis.method]} over ${over} (pairwise-complete${pairs})`);
  lines.push(`Candidates  ${allCandidates ? `all ${analysis.candidates.length} models` : `${analysis.candidates.length}: ${analysis.candidates.join(', ')}`}`);
  lines.push(
    analysis.mode === 'paper'
      ? `Rule        τ = ${tau}: a category is weak when |r| < τ with at least one other (the paper's rule)`
      : `Rule        τ = ${tau}: categories cluster while their ${analysis.linkage}-linkage |r| ≥ τ; one expert per cluster`,
  );
  if (context.detected && analysis.ignoredColumns.length > 0) {
    lines.push('', 'Columns not used as categories');
    for (const { column, reason } of analysis.ignoredColumns) lines.push(`  ${column}: ${reason}`);
  }

  lines.push('', `Correlation matrix (* a weak pair: |r| < τ; n/a undefined)`);
  const weakCells = new Set(analysis.weakPairs.flatMap(({ categories: [a, b] }) => [`${a}\u0000${b}`, `${b}\u0000${a}`]));
  const labels = categories.map((c, i) => `${i + 1} ${c}`);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const cellWidth = 7;
  lines.push(`  ${' '.repeat(labelWidth + 1)}${categories.map((_, j) => String(j + 1).padStart(cellWidth - 1).padEnd(cellWidth)).join('')}`.trimEnd());
  analysis.correlation.forEach((row, i) => {
    const cells = row.map((r, j) => {
      if (r === null) return 'n/a'.padStart(cellWidth - 1).padEnd(cellWidth);
      const weak = weakCells.has(`${categories[i]}\u0000${categories[j]}`);
      return r.toFixed(2).padStart(cellWidth - 1) + (weak ? '*' : ' ');
    });
    lines.push(`  ${(labels[i] ?? '').padEnd(labelWidth + 1)}${cells.join('')}`.trimEnd());
  });
  if (analysis.undefinedCorrelations.length > 0) {
    lines.push('', 'Undefined coefficients (they never make a category weak)');
    for (const u of analysis.undefinedCorrelations) lines.push(`  ${u.categories[0]} × ${u.categories[1]}: ${u.explanation}`);
  }

  lines.push('', `Weak categories L: ${analysis.weak.length} of ${categories.length} at τ = ${tau}`);
  if (analysis.weakPairs.length === 0) lines.push(`  none: every defined |r| is at least ${tau}; see the τ sweep below`);
  const pairWidth = Math.max(0, ...analysis.weakPairs.map((p) => `${p.categories[0]} × ${p.categories[1]}`.length));
  for (const p of analysis.weakPairs) lines.push(`  ${`${p.categories[0]} × ${p.categories[1]}`.padEnd(pairWidth)}  r = ${p.r.toFixed(3).padStart(6)}  (n = ${p.n})`);

  if (analysis.clusters !== null) {
    lines.push('', `Clusters: ${analysis.clusters.length} (${analysis.linkage} linkage on 1 − |r|, cut at 1 − τ)`);
    analysis.clusters.forEach((c, i) => {
      const min = c.minAbsCorrelation === null ? '' : `  (min |r| within ${c.minAbsCorrelation.toFixed(3)})`;
      lines.push(`  ${i + 1}. ${c.categories.join(', ')}${min}`);
    });
  }

  lines.push('', `Experts: ${analysis.experts.length}`);
  if (analysis.experts.length === 0) lines.push('  none');
  const modelWidth = Math.max(0, ...[...analysis.experts, ...analysis.droppedExperts].map((e) => e.model.length));
  for (const e of analysis.experts) lines.push(`  ${e.model.padEnd(modelWidth)}  ${e.categories.join(', ')}`);
  if (analysis.droppedExperts.length > 0) {
    lines.push('', 'Dropped by --max-experts (their categories have no expert)');
    for (const e of analysis.droppedExperts) lines.push(`  ${e.model.padEnd(modelWidth)}  ${e.categories.join(', ')}`);
  }
  if (analysis.uncovered.length > 0) {
    lines.push('', 'No expert');
    for (const u of analysis.uncovered) lines.push(`  ${u.categories.join(', ')}: ${u.reason}`);
  }

  lines.push('', `τ sweep (${analysis.mode} mode)`);
  const clusterColumn = analysis.mode === 'cluster';
  lines.push(`  τ     |L|${clusterColumn ? '  clusters' : ''}  experts`);
  for (const point of analysis.tauSweep) {
    const marker = point.tau === tau ? ' ◀' : '';
    const clusters = clusterColumn ? String(point.clusters?.length ?? 0).padStart(10) : '';
    lines.push(`  ${point.tau.toFixed(2)}  ${String(point.weak.length).padStart(3)}${clusters}  ${point.experts.length === 0 ? '(none)' : point.experts.join(', ')}${marker}`);
  }
  return `${lines.join('\n')}\n`;
}
