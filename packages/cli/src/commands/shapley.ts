import { Option } from 'commander';
import { openSearchStepSession, RUN_FILES, shapleyStep, writeJsonAtomically, type PipelineContext, type ReportModel } from '@soce/core';
import { JournalError, type SearchSession, type SearchSpec } from '@soce/search';
import { parseCoalitionValues, shapleyFromValues, type ShapleyResult } from '@soce/stats';
import { joinPath } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { nodeProcessRunner } from '@soce/core/node';
import { InterruptedError } from '../interrupted_error.ts';
import { listenForInterrupts } from '../interrupts.ts';
import { loadRun } from '../load_run.ts';
import type { OutputLock } from '../output_lock.ts';
import { claimRunDirectory } from '../run_directory.ts';
import { writeReport } from '../write_report.ts';
import { createRunProgress } from '../run_progress.ts';
import { formatShapleyReport } from '../shapley_report.ts';
import { readInputFile } from '../text_file.ts';
import { UsageError } from '../usage_error.ts';
import type { CliIo } from '../io.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../output_format.ts';
import type { RegisterCommand } from './register_command.ts';

const EXAMPLE = `
Example: three candidates whose soups were all evaluated (v of a coalition = score of its soup)
  $ cat values.json
  { "players": ["xlam", "toolace", "watt"],
    "values": [
      { "coalition": ["xlam"], "value": 72.0 },   { "coalition": ["toolace"], "value": 68.7 },
      { "coalition": ["watt"], "value": 67.8 },   { "coalition": ["xlam", "toolace"], "value": 74.1 },
      { "coalition": ["xlam", "watt"], "value": 73.5 }, { "coalition": ["toolace", "watt"], "value": 69.9 },
      { "coalition": ["xlam", "toolace", "watt"], "value": 74.0 } ] }
  $ soce shapley --values values.json

Every non-empty coalition needs a value (members in any order); the empty coalition is 0 unless
listed. --format json prints { "shapley": { "<player>": <value> } }.

With --config soce.yaml instead, soce measures the values itself: the value of a coalition is the
objective of the uniform soup of its members, merged and scored by the run's evaluator through
the same journal as \`soce run\` (no soup is evaluated twice, a killed run resumes). Exact when
every coalition fits in --budget (or shapley.budget), permutation sampling with standard errors
beyond; without a budget, at most 20 players. The number of coalition soups is printed before
the first is merged. The values go into OUT/report.json and OUT/report.html when a run wrote them.
  $ soce shapley --config soce.yaml --budget 64
Exit codes: 0 ok, 1 failure while running, 2 bad usage or bad input.
`;

/**
 * `soce shapley`: exact Shapley values of players (candidate models) from a file of measured
 * coalition values, as the paper computed them for its MGSM candidates.
 */
export const registerShapley: RegisterCommand = (program, io) => {
  program
    .command('shapley')
    .description('Shapley values of candidates from the measured values of their coalitions')
    .option('--values <file>', 'JSON: { "players": [...], "values": [{ "coalition": [...], "value": n }, ...] }')
    .option('--config <file>', 'a run configuration (soce.yaml): evaluate the coalition soups with its evaluator')
    .option('--budget <n>', 'with --config: at most this many coalition soups (default: shapley.budget, else all)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--budget ${v}: give a whole number of evaluations, at least 1`);
      return n;
    })
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .addHelpText('after', EXAMPLE)
    .action(async (flags: { readonly values?: string; readonly config?: string; readonly budget?: number; readonly format: OutputFormat }) => {
      if ((flags.values === undefined) === (flags.config === undefined)) throw new UsageError('give either --values FILE or --config soce.yaml');
      if (flags.values !== undefined) {
        const text = await readInputFile(io.cwd, flags.values, '--values');
        print(io, shapleyFromValues(parseCoalitionValues(text, flags.values), flags.values), flags.values, flags.format);
        return;
      }
      const source = flags.config!;
      const progress = createRunProgress(io);
      const interrupts = listenForInterrupts();
      const run = await loadRun(io.cwd, source, progress.listener, interrupts.signal).catch((error: unknown) => {
        interrupts.dispose();
        throw error;
      });
      const ctx = run.context;
      let lock: OutputLock | undefined;
      try {
        lock = await claimRunDirectory({ out: ctx.out, candidates: ctx.candidates, source, keepSoups: ctx.keepSoups ?? false }, io, `soce shapley --config ${source}`);
        const budget = flags.budget ?? run.config.shapley.budget;
        const reportPath = joinPath(ctx.out, RUN_FILES.report);
        const previous = (await nodeFileSystem.kind(reportPath)) === 'file' ? (JSON.parse(await nodeFileSystem.readText(reportPath)) as ReportModel) : undefined;
        const search = await searchSession(ctx, run.input.search, previous);
        const { result, view } = await shapleyStep(ctx, {
          ...(search === undefined ? {} : { search }),
          ...(run.config.shapley.players === undefined ? {} : { players: run.config.shapley.players }),
          ...(budget === undefined ? {} : { budget }),
          seed: run.config.shapley.seed,
        });
        progress.stop();
        if (previous !== undefined) {
          const report: ReportModel = { ...previous, shapley: view };
          await writeJsonAtomically(nodeFileSystem, ctx.out, RUN_FILES.report, report);
          await writeReport(ctx.out, report);
        }
        print(io, result, source, flags.format);
      } catch (error) {
        const signal = interrupts.received();
        if (signal === undefined) throw error;
        await nodeProcessRunner.settled();
        throw new InterruptedError(signal, `interrupted by ${signal}; coalition soups that were scored are kept in ${joinPath(ctx.out, RUN_FILES.candidateJournal)}: run the same command again to continue`);
      } finally {
        progress.stop();
        interrupts.dispose();
        await ctx.backend.close();
        await lock?.release();
      }
    });
};

function print(io: CliIo, result: ShapleyResult, source: string, format: OutputFormat): void {
  if (format === 'json') {
    const standardErrors = result.method === 'sampled' ? { standardErrors: Object.fromEntries(result.values.map((v) => [v.player, v.standardError])) } : {};
    io.out(`${JSON.stringify({ shapley: Object.fromEntries(result.values.map((v) => [v.player, v.value])), method: result.method, evaluations: result.evaluations, ...standardErrors }, null, 2)}\n`);
  } else {
    io.out(formatShapleyReport(result, source));
  }
}

/**
 * The finished run's search session, so coalition soups it scored (the experts' uniform soup)
 * are not evaluated again; none when no run finished or its settings have changed since.
 */
async function searchSession(ctx: PipelineContext, spec: SearchSpec | undefined, report: ReportModel | undefined): Promise<SearchSession | undefined> {
  if (report?.search === undefined) return undefined;
  try {
    return await openSearchStepSession(ctx, report.search.experts, spec ?? {}, 'shapley');
  } catch (error) {
    if (error instanceof JournalError) return undefined;
    throw error;
  }
}
