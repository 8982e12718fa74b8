import { writeJsonAtomically } from '@soce/core';
import { joinPath } from '@soce/tensors';
import { parseDemoOptions } from './data.ts';
import { claimDemoDir } from './demo_dir.ts';
import { runDemo, type DemoResult, type DemoRunOptions } from './demo_pipeline.ts';
import { MnistDemoError } from './errors.ts';
import { summarizeSeeds, type SeedSummary } from './seed_summary.ts';

/** Options of {@link runDemoSeeds}: those of `runDemo`, with seeds instead of one seed. */
export interface DemoSeedsOptions extends Omit<DemoRunOptions, 'seed'> {
  /** Two or more distinct seeds, run in this order. */
  readonly seeds: readonly number[];
}

/** One seed's run of {@link runDemoSeeds}. */
export interface DemoSeedRun extends DemoResult {
  /** Its seed. */
  readonly seed: number;
  /** Its directory, `<out>/seed-<seed>`. */
  readonly out: string;
}

/** Everything a multi-seed demo produced. */
export interface DemoSeedsResult {
  /** Each seed's run, in the order of the seeds. */
  readonly runs: readonly DemoSeedRun[];
  /** Mean ± sd of each row over the seeds, and SoCE's wins (also in `<out>/summary.json`). */
  readonly summary: SeedSummary;
}

/**
 * The demo once per seed, each in `<out>/seed-<seed>` (a complete demo directory of its own), then
 * the table over the seeds in `<out>/summary.json`. The seeds are checked before anything is
 * trained or `out` is touched.
 */
export async function runDemoSeeds(options: DemoSeedsOptions): Promise<DemoSeedsResult> {
  const { seeds, fs, out, budget } = options;
  if (seeds.length < 2 || new Set(seeds).size !== seeds.length) {
    throw new MnistDemoError(`--seeds takes two or more distinct seeds (got ${seeds.join(',') || 'none'}); for one seed use --seed`);
  }
  for (const seed of seeds) parseDemoOptions({ seed, budget });
  await claimDemoDir(fs, out, { tool: 'soce demo', seeds, budget });
  const runs: DemoSeedRun[] = [];
  for (const [i, seed] of seeds.entries()) {
    options.onProgress?.({ type: 'seed', seed, index: i + 1, total: seeds.length });
    const seedOut = joinPath(out, `seed-${seed}`);
    runs.push({ ...(await runDemo({ ...options, out: seedOut, seed })), seed, out: seedOut });
  }
  const summary = summarizeSeeds(runs);
  await writeJsonAtomically(fs, out, 'summary.json', summary);
  return { runs, summary };
}
