import { Option } from 'commander';
import { parseCoalitionValues, shapleyFromValues } from '@soce/stats';
import { formatShapleyReport } from '../shapley_report.ts';
import { readInputFile } from '../text_file.ts';
import type { RegisterCommand } from './mod.ts';

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
    .requiredOption('--values <file>', 'JSON: { "players": [...], "values": [{ "coalition": [...], "value": n }, ...] }')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', EXAMPLE)
    .action(async (flags: { readonly values: string; readonly format: 'table' | 'json' }) => {
      const text = await readInputFile(io.cwd, flags.values, '--values');
      const result = shapleyFromValues(parseCoalitionValues(text, flags.values), flags.values);
      if (flags.format === 'json') io.out(`${JSON.stringify({ shapley: Object.fromEntries(result.values.map((v) => [v.player, v.value])) }, null, 2)}\n`);
      else io.out(formatShapleyReport(result, flags.values));
    });
};
