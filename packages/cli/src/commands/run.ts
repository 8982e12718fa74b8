import process from 'node:process';
import { Option } from 'commander';
import { RUN_FILES, runPipeline } from '@soce/core';
import { joinPath } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { writeReport } from '../write_report.ts';
import { loadRun } from '../load_run.ts';
import { createRunProgress } from '../run_progress.ts';
import { formatRunSummary, runSummaryJson } from '../run_summary.ts';
import { UsageError } from '../usage_error.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../output_format.ts';
import type { RegisterCommand } from './register_command.ts';

const EXAMPLE = `
Example:
  $ cat soce.yaml
  candidates:                 # name: checkpoint directory or .safetensors file
    xlam: ./models/xLAM-2-8b-fc-r
    toolace: ./models/ToolACE-2-8B
    watt: ./models/watt-tool-8B
  scores: ./bfcl-v3.csv       # per-category scores of the candidates (and the leaderboard)
  categories: [Non-Live AST Acc, Live Acc, Multi Turn Acc, Relevance Detection, Irrelevance Detection]
  tau: 0.2
  search: { strategy: grid+coordinate, step: 0.1, bounds: { min: 0.1, max: 0.9 } }
  evaluator:
    command: [python3, eval.py, "{model}", "{out}"]   # run without a shell
    timeout: 3600
  out: ./soce-run
  $ soce run --config soce.yaml

The evaluator command gets the candidate soup's directory as {model} and writes its scores as
JSON { "category": number, ... } to {out} (or prints them on stdout); format: lm-eval makes
{out} a fresh directory for lm_eval's --output_path (evaluator.metrics picks a task's metric),
format: bfcl reads BFCL's score directory or data_overall.csv at {out} (evaluator.model picks
the row); categories: selects what is scored. Every evaluation is
journaled in OUT/journal.jsonl: rerunning the same command (or --resume) after a kill continues
without repeating a finished evaluation. OUT gets soup/ (the final checkpoint), report.html,
report.json, analysis.json and the journals. testEvaluator: (same keys) scores the comparison
table on a held-out split. --format json prints { best: { weights, objective, scores },
evaluations, points, comparison, ... }.
Exit codes: 0 ok, 1 failure while running, 2 bad usage or bad config.
`;

/** `soce run`: the SoCE pipeline end to end from a `soce.yaml`. */
export const registerRun: RegisterCommand = (program, io) => {
  program
    .command('run')
    .description('Run SoCE end to end: experts, weight search over real merges, the soup and its report')
    .requiredOption('--config <file>', 'the run configuration (soce.yaml)')
    .option('--resume', 'continue a killed run (a plain rerun does too); an error when there is nothing to resume')
    .addOption(new Option('--format <format>', 'summary format').choices(OUTPUT_FORMATS).default('table'))
    .addHelpText('after', EXAMPLE)
    .action(async (flags: { readonly config: string; readonly resume?: boolean; readonly format: OutputFormat }) => {
      const progress = createRunProgress(io);
      const controller = new AbortController();
      const onSignal = () => controller.abort(new Error('interrupted; rerun the same command to continue where it stopped'));
      process.once('SIGINT', onSignal);
      const { context: ctx, input } = await loadRun(io.cwd, flags.config, progress.listener, controller.signal);
      try {
        const journal = joinPath(ctx.out, RUN_FILES.searchJournal);
        if (flags.resume && (await nodeFileSystem.kind(journal)) === undefined) {
          throw new UsageError(`--resume: ${journal} does not exist; there is no run to resume (drop --resume to start one)`);
        }
        const result = await runPipeline(ctx, input);
        progress.stop();
        const report = await writeReport(ctx.out, result.report);
        const paths = { out: ctx.out, soup: result.soup.out, report };
        io.out(flags.format === 'json' ? `${JSON.stringify(runSummaryJson(result, progress.fresh(), paths), null, 2)}\n` : formatRunSummary(result, progress.fresh(), paths));
      } finally {
        progress.stop();
        process.off('SIGINT', onSignal);
        await ctx.backend.close();
      }
    });
};
