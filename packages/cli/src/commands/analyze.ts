import { join, resolve } from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { correlationHeatmapSvg } from '@soce/report';
import {
  analyze,
  CORRELATION_METHODS,
  DEFAULT_CLUSTER_TAU,
  DEFAULT_TAU,
  EXPERT_MODES,
  isTau,
  LINKAGES,
  parseScoreTable,
  POPULATIONS,
  TAU_RANGE,
  TAU_RANGE_MESSAGE,
  type Analysis,
  type AnalyzeOptions,
  type CorrelationMethod,
  type ExpertMode,
  type Linkage,
  type Population,
} from '@soce/stats';
import { formatAnalysisReport } from '../analysis_report.ts';
import { writeFileAtomic } from '../atomic_write.ts';
import { parseList } from '../list_option.ts';
import { readInputFile } from '../text_file.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../output_format.ts';
import type { RegisterCommand } from './register_command.ts';

const EXAMPLE = `
Example (the SoCE paper's BFCL 8B setting):
  $ soce analyze --scores examples/bfcl/bfcl-v3-2025-04-30.csv \\
      --categories "Non-Live AST Acc,Live Acc,Multi Turn Acc,Relevance Detection,Irrelevance Detection" \\
      --candidates "xLAM-2-8b-fc-r (FC),ToolACE-2-8B (FC),watt-tool-8B (FC),BitAgent-8B,CoALM-8B" \\
      --tau 0.2 --out analysis/

Scores: CSV or TSV with a header (one row per model; the model column is "Model" unless
--model-column says otherwise; cells like 78.45%, 0.78 or N/A), or JSON, either
{ "models": { "<model>": { "<category>": <score or null> } } } or an array of rows.
Categories: exact column names, globs ("*Acc") or /regular expressions/. Without --categories,
numeric score columns are detected (ranks, costs, latencies and overall aggregates excluded).
Candidates must be named exactly as in the table, suffixes such as " (FC)" included.
Exit codes: 0 ok, 1 failure while running, 2 bad usage or bad input.
`;

interface AnalyzeFlags {
  readonly scores: string;
  readonly categories?: string[];
  readonly modelColumn?: string;
  readonly population: Population;
  readonly candidates?: string[];
  readonly tau?: number;
  readonly mode: ExpertMode;
  readonly linkage: Linkage;
  readonly method: CorrelationMethod;
  readonly maxExperts?: number;
  readonly format: OutputFormat;
  readonly out?: string;
}

function parseTau(value: string): number {
  const tau = Number(value);
  if (value.trim() === '' || !isTau(tau)) throw new InvalidArgumentError(`τ must be ${TAU_RANGE_MESSAGE}, such as 0.2.`);
  return tau;
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || count < 1) throw new InvalidArgumentError('give a whole number of at least 1.');
  return count;
}

function nonEmptyList(value: string): string[] {
  const items = parseList(value);
  if (items.length === 0) throw new InvalidArgumentError('give at least one name, separated by commas.');
  return items;
}

/**
 * `soce analyze`: reads a score table, correlates its categories over a population of models,
 * finds the weak categories (or clusters) at τ and the candidate expert for each, and sweeps τ.
 * Prints a report or one JSON object; `--out` also writes analysis.json and correlation.svg.
 */
export const registerAnalyze: RegisterCommand = (program, io) => {
  program
    .command('analyze')
    .description('Correlate benchmark categories, find the weakly correlated ones and the candidate expert for each')
    .requiredOption('--scores <file>', 'score table: CSV, TSV or JSON, one row per model')
    .option('--categories <list>', 'comma-separated category columns: names, globs or /regex/ (default: detected)', nonEmptyList)
    .option('--model-column <name>', 'the column holding model names (default: Model, Model Name or Name)')
    .addOption(new Option('--population <which>', 'models the correlations are computed over').choices(POPULATIONS).default('all'))
    .option('--candidates <list>', 'comma-separated models experts are chosen from, as named in the table (default: all)', nonEmptyList)
    .option('--tau <t>', `weak-correlation threshold in [${TAU_RANGE.min}, ${TAU_RANGE.max}] (default ${DEFAULT_TAU}; ${DEFAULT_CLUSTER_TAU} with --mode cluster)`, parseTau)
    .addOption(new Option('--mode <mode>', 'paper: an expert per weak category; cluster: an expert per category cluster').choices(EXPERT_MODES).default('paper'))
    .addOption(new Option('--linkage <linkage>', 'cluster mode: how clusters are compared').choices(LINKAGES).default('average'))
    .addOption(new Option('--method <method>', 'correlation coefficient').choices(CORRELATION_METHODS).default('pearson'))
    .option('--max-experts <n>', 'keep at most n experts (those winning the most categories)', parseCount)
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--out <dir>', 'also write analysis.json and the heatmap correlation.svg into this directory')
    .addHelpText('after', EXAMPLE)
    .action(async (flags: AnalyzeFlags) => {
      const text = await readInputFile(io.cwd, flags.scores, '--scores');
      const table = parseScoreTable(text, flags.scores, {
        ...(flags.categories === undefined ? {} : { categories: flags.categories }),
        ...(flags.modelColumn === undefined ? {} : { modelColumn: flags.modelColumn }),
      });
      const options: AnalyzeOptions = {
        method: flags.method,
        population: flags.population,
        tau: flags.tau,
        mode: flags.mode,
        linkage: flags.linkage,
        ...(flags.candidates === undefined ? {} : { candidates: flags.candidates }),
        ...(flags.maxExperts === undefined ? {} : { maxExperts: flags.maxExperts }),
      };
      const analysis = analyze(table, options);
      if (flags.format === 'json') io.out(`${JSON.stringify(analysis, null, 2)}\n`);
      else io.out(formatAnalysisReport(analysis, { detected: flags.categories === undefined, models: table.models.length }));
      if (flags.out !== undefined) {
        const written = await writeOutputs(resolve(io.cwd, flags.out), analysis);
        // With --format json, stdout holds exactly one JSON object: say where files went on stderr.
        const note = `\nWrote ${written.map((f) => join(flags.out ?? '', f)).join(' and ')}\n`;
        if (flags.format === 'json') io.err(note.trimStart());
        else io.out(note);
      }
    });
};

async function writeOutputs(dir: string, analysis: Analysis): Promise<string[]> {
  const title = `${analysis.method === 'pearson' ? 'Pearson' : 'Spearman'} correlation over ${analysis.population.length} models`;
  const svg = await correlationHeatmapSvg({ categories: analysis.categories, r: analysis.correlation, n: analysis.n }, { title, weak: { tau: analysis.tau, pairs: analysis.weakPairs } });
  await writeFileAtomic(join(dir, 'analysis.json'), `${JSON.stringify(analysis, null, 2)}\n`);
  await writeFileAtomic(join(dir, 'correlation.svg'), svg);
  return ['analysis.json', 'correlation.svg'];
}
