import { join, relative } from 'node:path';
import { RUN_FILES } from '@soce/core';
import type { DemoBudget, DemoSeedsResult } from '@soce/mnist-demo';
import type { SeedsReportModel } from '@soce/report';

/**
 * The page of a multi-seed demo, `<out>/report.html`: the summary's rows, each seed's choice and
 * a link to each seed's own report (relative, so the directory can be moved or archived whole).
 */
export function seedsReportModel(result: DemoSeedsResult, out: string, budget: DemoBudget): SeedsReportModel {
  const { runs, summary } = result;
  const last = runs.at(-1)?.pipeline.report;
  return {
    title: `soce demo: SoCE on MNIST experts (${budget}, seeds ${summary.seeds.join(', ')})`,
    createdAt: last?.createdAt ?? new Date().toISOString(),
    tool: last?.tool ?? 'soce demo',
    seeds: summary.seeds,
    rows: summary.rows.map((r) => ({ kind: r.row, label: r.label, test: r.test, dev: r.dev, ...(r.soceVersus === undefined ? {} : { soceVersus: r.soceVersus }) })),
    runs: runs.map((run) => ({
      seed: run.seed,
      report: relative(out, join(run.out, RUN_FILES.reportHtml)).split('\\').join('/'),
      weak: run.analysis.weak,
      categories: run.analysis.categories,
      experts: run.analysis.experts.map((e) => e.model),
      candidates: run.table.candidates.length,
    })),
  };
}
