import type { ComparisonView, PipelineResult } from '@soce/core';

/** `soce run --format json`: the best soup, this invocation's evaluator calls, every point. */
export function runSummaryJson(result: PipelineResult, fresh: number, paths: { out: string; soup: string; report: string }): unknown {
  const best = result.search.best!;
  return {
    experts: result.experts,
    best: { weights: best.point.weights.toRecord(), objective: best.score, scores: best.scores },
    evaluations: fresh,
    stoppedBy: result.search.stoppedBy,
    points: result.search.history.map((e) => ({
      weights: e.point.weights.toRecord(),
      status: e.status,
      ...(e.status === 'scored' ? { objective: e.score, scores: e.scores } : {}),
      ...(e.status === 'failed' ? { error: e.error } : {}),
    })),
    comparison: result.report.comparison,
    ...paths,
  };
}

/** The paper's Table 1 as terminal text: one row per candidate and reference soup. */
export function formatComparison(view: ComparisonView): string {
  const nameWidth = Math.max(...view.rows.map((r) => r.name.length), 10) + 2;
  const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(2)).padStart(9);
  const header = `${''.padEnd(nameWidth)}${view.categories.map((c) => c.slice(0, 9).padStart(10)).join('')}${'dev'.padStart(10)}${'test'.padStart(10)}`;
  const lines = view.rows.map((row) => {
    const scores = row.categories.test ?? row.categories.dev;
    return `${row.name.padEnd(nameWidth)}${view.categories.map((c) => ` ${fmt(scores?.[c])}`).join('')} ${fmt(row.dev)} ${fmt(row.test)}`;
  });
  return [header, ...lines].join('\n') + `\n(per-category columns: ${view.rows.some((r) => r.categories.test) ? 'test' : 'dev'} split)\n`;
}

/** `soce run`'s table output. */
export function formatRunSummary(result: PipelineResult, fresh: number, paths: { out: string; soup: string; report: string }): string {
  const best = result.search.best!;
  const lines = [
    `experts: ${result.experts.join(', ')}`,
    `best weights: ${best.point.weights.toString()}`,
    `objective: ${best.score.toFixed(4)}  (${result.search.stoppedBy}; ${result.search.evaluations} search evaluations in all, ${fresh} evaluator calls in this run)`,
    '',
    result.report.comparison ? formatComparison(result.report.comparison) : '',
    `soup:    ${paths.soup}`,
    `report:  ${paths.report}`,
    `journal: ${paths.out}/journal.jsonl`,
  ];
  return `${lines.join('\n')}\n`;
}
