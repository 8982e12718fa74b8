import type { DemoAnalysis, DemoTable } from './demo_pipeline.ts';
import { MnistDemoError } from './errors.ts';

/** The reference rows of the demo's table, in the order the multi-seed table shows them. */
export const SUMMARY_ROWS = ['bestSingle', 'uniformAll', 'uniformExperts', 'searchAll', 'soce'] as const;

/** One of {@link SUMMARY_ROWS}. */
export type SummaryRow = (typeof SUMMARY_ROWS)[number];

/** What each row is, for tables and reports. */
export const SUMMARY_LABELS: Readonly<Record<SummaryRow, string>> = {
  bestSingle: 'best single candidate (chosen on dev)',
  uniformAll: 'uniform soup of all candidates',
  uniformExperts: 'uniform soup of the SoCE experts',
  searchAll: 'same search over all candidates',
  soce: 'SoCE',
};

/** A total over the categories across seeds. */
export interface SeedStatistic {
  /** The value of each seed, in the order of {@link SeedSummary.seeds}. */
  readonly values: readonly number[];
  /** Their mean. */
  readonly mean: number;
  /** Their sample standard deviation (n − 1 in the denominator). */
  readonly sd: number;
}

/** One row of the multi-seed table. */
export interface SeedSummaryEntry {
  /** Which row of the demo's table. */
  readonly row: SummaryRow;
  /** What it is. */
  readonly label: string;
  /** Its test totals (the held-out split). */
  readonly test: SeedStatistic;
  /** Its dev totals (the split every choice was made on). */
  readonly dev: SeedStatistic;
  /**
   * On how many seeds SoCE's test total is above this row's (`wins`), equal to it (`ties`) and
   * below it (`losses`); absent on SoCE's own row.
   */
  readonly soceVersus?: { readonly wins: number; readonly ties: number; readonly losses: number };
}

/** Several seeds of the demo in one table. */
export interface SeedSummary {
  /** The seeds, in the order they ran. */
  readonly seeds: readonly number[];
  /** One entry per row of {@link SUMMARY_ROWS}. */
  readonly rows: readonly SeedSummaryEntry[];
  /** Each seed's analysis (weak categories and experts at τ), in the order of `seeds`. */
  readonly seedAnalysis: readonly DemoAnalysis[];
}

/** One seed's outcome, as {@link summarizeSeeds} reads it. */
export interface SeedOutcome {
  /** The seed. */
  readonly seed: number;
  /** Its comparison table. */
  readonly table: DemoTable;
  /** Its analysis. */
  readonly analysis: DemoAnalysis;
}

function statistic(values: readonly number[]): SeedStatistic {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
  return { values, mean, sd };
}

/**
 * Mean ± sd of each reference row's test (and dev) total over the seeds, and on how many seeds
 * SoCE's test total beats each other row's: the table that says whether a result holds beyond one
 * seed. Needs two seeds at least (a standard deviation of one value is undefined).
 */
export function summarizeSeeds(outcomes: readonly SeedOutcome[]): SeedSummary {
  const seeds = outcomes.map((o) => o.seed);
  if (outcomes.length < 2 || new Set(seeds).size !== seeds.length) {
    throw new MnistDemoError(`a multi-seed summary needs two or more distinct seeds; got ${seeds.join(', ') || 'none'}`);
  }
  const soce = outcomes.map((o) => o.table.soce.test);
  const rows = SUMMARY_ROWS.map((row): SeedSummaryEntry => {
    const test = outcomes.map((o) => o.table[row].test);
    const entry = { row, label: SUMMARY_LABELS[row], test: statistic(test), dev: statistic(outcomes.map((o) => o.table[row].dev)) };
    if (row === 'soce') return entry;
    return {
      ...entry,
      soceVersus: {
        wins: soce.filter((s, i) => s > test[i]!).length,
        ties: soce.filter((s, i) => s === test[i]!).length,
        losses: soce.filter((s, i) => s < test[i]!).length,
      },
    };
  });
  return { seeds, rows, seedAnalysis: outcomes.map((o) => o.analysis) };
}
