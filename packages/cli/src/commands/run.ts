import { Option } from 'commander';
import { dryRun, RUN_FILES, runPipeline } from '@soce/core';
import { nodeProcessRunner } from '@soce/core/node';
import { joinPath } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { InterruptedError } from '../interrupted_error.ts';
import { listenForInterrupts } from '../interrupts.ts';
import { loadRun } from '../load_run.ts';
import type { OutputLock } from '../output_lock.ts';
import { claimRunDirectory } from '../run_directory.ts';
import { writeReport } from '../write_report.ts';
import { createRunProgress } from '../run_progress.ts';
import { formatRunSummary, runSummaryJson } from '../run_summary.ts';
import { dryRunJson, formatDryRun, plannedCommands } from '../dry_run_summary.ts';
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
  search: { strategy: grid+coordinate, step: 0.1, bounds: { min: 0.1, max: 0.9 }, concurrency: 2 }
  evaluator:
    command: [python3, eval.py, "{model}", "{out}"]   # run without a shell
    env: { CUDA_VISIBLE_DEVICES: "{slot}" }           # slot 0 or 1: a GPU per evaluation in flight
    timeout: 3600
  out: ./soce-run
  $ soce run --config soce.yaml --dry-run             # the plan, and one evaluation
  $ soce run --config soce.yaml

The evaluator command gets the candidate soup's directory as {model} and writes its scores as
JSON { "category": number, ... } to {out} (or prints them on stdout); format: lm-eval makes
{out} a fresh directory for lm_eval's --output_path (evaluator.metrics picks a task's metric),
format: bfcl reads BFCL's score directory or data_overall.csv at {out} (evaluator.model picks
the row); categories: selects what is scored. {slot} (0 … search.concurrency − 1, never held by
two evaluations at once) may appear in the arguments and in evaluator.env. The first evaluation
must score every category the experts were chosen on (or categories:), else exit 2; after
evaluator.maxConsecutiveFailures (default 3) failed evaluations in a row the run stops (exit 1;
--retry-failed evaluates journaled failures again). --dry-run validates, prints the plan,
evaluates the search's first point once (journaled: the run reuses it) and checks its
categories; --format json prints { plan, probe }. Every evaluation is
journaled in OUT/journal.jsonl: rerunning the same command (or --resume) after a kill continues
without repeating a finished evaluation. OUT gets soup/ (the final checkpoint), report.html,
report.json, analysis.json and the journals; it must be a directory of its own (not, nor around,
a candidate, the working or the home directory), and one run at a time uses it (OUT/soce.lock).
Ctrl-C or SIGTERM stops the evaluator's whole process group and exits with 130 or 143; the
journal keeps what finished. testEvaluator: (same keys) scores the comparison table on a held-out
split. --format json prints { best: { weights, objective, scores },
evaluations, points, comparison, ... }.
Exit codes: 0 ok, 1 failure while running, 2 bad usage or bad config, 130/143 interrupted.
`;

/** `soce run`: the SoCE pipeline end to end from a `soce.yaml`. */
export const registerRun: RegisterCommand = (program, io) => {
  program
    .command('run')
    .description('Run SoCE end to end: experts, weight search over real merges, the soup and its report')
    .requiredOption('--config <file>', 'the run configuration (soce.yaml)')
    .option('--resume', 'continue a killed run (a plain rerun does too); an error when there is nothing to resume')
    .option('--detach', 'executor: slurm: on Ctrl-C or SIGTERM leave the submitted jobs running (a rerun collects them) instead of cancelling them')
    .option('--retry-failed', 'evaluate again the points the journals record as failed (after fixing the evaluator)')
    .option('--dry-run', 'validate, print the plan, merge and evaluate the first point once, check its categories; nothing more')
    .addOption(new Option('--format <format>', 'summary format').choices(OUTPUT_FORMATS).default('table'))
    .addHelpText('after', EXAMPLE)
    .action(async (flags: { readonly config: string; readonly resume?: boolean; readonly detach?: boolean; readonly dryRun?: boolean; readonly retryFailed?: boolean; readonly format: OutputFormat }) => {
      const progress = createRunProgress(io);
      const interrupts = listenForInterrupts();
      const loaded = await loadRun(io.cwd, flags.config, progress.listener, interrupts.signal).catch((error: unknown) => {
        interrupts.dispose();
        throw error;
      });
      const { input, config } = loaded;
      const ctx = flags.retryFailed ? { ...loaded.context, retryFailed: true } : loaded.context;
      const journal = joinPath(ctx.out, RUN_FILES.searchJournal);
      let lock: OutputLock | undefined;
      try {
        if (flags.resume && (await nodeFileSystem.kind(journal)) === undefined) {
          throw new UsageError(`--resume: ${journal} does not exist; there is no run to resume (drop --resume to start one)`);
        }
        lock = await claimRunDirectory({ out: ctx.out, candidates: ctx.candidates, source: flags.config, keepSoups: ctx.keepSoups ?? false }, io, `soce run --config ${flags.config}`);
        if (flags.dryRun) {
          const dry = await dryRun(ctx, input);
          progress.stop();
          const commands = plannedCommands(config, ctx, dry.probe.weights);
          io.out(flags.format === 'json' ? `${JSON.stringify(dryRunJson(dry, commands), null, 2)}\n` : formatDryRun(dry, commands, ctx.out));
          return;
        }
        const result = await runPipeline(ctx, input);
        progress.stop();
        const report = await writeReport(ctx.out, result.report);
        const paths = { out: ctx.out, soup: result.soup.out, report };
        io.out(flags.format === 'json' ? `${JSON.stringify(runSummaryJson(result, progress.fresh(), paths), null, 2)}\n` : formatRunSummary(result, progress.fresh(), paths));
      } catch (error) {
        // Whatever the pipeline was doing (interrupted, or stopped for failures in a row), the
        // evaluators' process groups are stopped before soce exits.
        await nodeProcessRunner.settled();
        const signal = interrupts.received();
        // Jobs this run left on a cluster are cancelled whatever stopped it (a signal, failures in
        // a row, a category mismatch), unless an interrupted run was asked to leave them.
        const jobs = await ctx.executor?.interrupted?.({ detach: signal !== undefined && flags.detach === true });
        if (jobs !== undefined) io.err(`${jobs}
`);
        if (signal === undefined) throw error;
        throw new InterruptedError(signal, `interrupted by ${signal}; evaluations that finished are kept in ${journal}: run the same command again to continue where it stopped`);
      } finally {
        progress.stop();
        interrupts.dispose();
        await ctx.backend.close();
        await lock?.release();
      }
    });
};
