/**
 * Benchmark (not a test): how many evaluations coordinate ascent needs to come within 0.5 points
 * of the grid optimum, against the grid's count, for 3, 4 and 5 experts on three landscapes —
 * smooth concave, noisy, and one built from the real BFCL v3 scores of the paper's 8B experts.
 * Measured for the mean over categories (leaderboard points) and for the paper's sum over
 * categories, where 0.5 points is a much tighter tolerance. Target: at most 40% of the grid.
 *
 *   node --conditions=@soce/source --import tsx tools/bench/search/run.ts   (npm run bench:search)
 */
import { searchWeights, type WeightsEvaluator, type SearchResult, type SearchSpec } from '@soce/search';

type Objective = 'mean' | 'sum';
import {
  BFCL_8B_EXPERTS,
  bfclLandscape,
  noisyLandscape,
  readBfcl,
  smoothLandscape,
  type Landscape,
} from './landscapes.ts';

const TOLERANCE = 0.5;
const TARGET = 0.4;
const SEEDS = 10;

interface Row {
  landscape: string;
  experts: number;
  gridEvals: number;
  gridBest: number;
  coordNeeded: number | undefined;
  coordTotal: number;
  coordBest: number;
  refinedBest: number;
  refineExtra: number;
}

/** Runs one strategy on a landscape; `trace` receives each fresh evaluation's score in order. */
async function run(landscape: Landscape, objective: Objective, search: SearchSpec, trace?: number[]): Promise<SearchResult> {
  const evaluator: WeightsEvaluator = async (weights) => landscape.scores(weights);
  return searchWeights({
    experts: landscape.experts,
    evaluator,
    objective,
    search,
    onProgress: (event) => {
      if (event.type === 'finished' && event.evaluation.status === 'scored') trace?.push(event.evaluation.score);
    },
  });
}

async function measure(landscape: Landscape, objective: Objective): Promise<Row> {
  const grid = await run(landscape, objective, { strategy: 'grid' });
  const gridBest = grid.best?.score ?? Number.NaN;
  const trace: number[] = [];
  const coordinate = await run(landscape, objective, { strategy: 'coordinate' }, trace);
  let bestSoFar = -Infinity;
  const needed = trace.findIndex((score) => (bestSoFar = Math.max(bestSoFar, score)) >= gridBest - TOLERANCE);
  const refined = await run(landscape, objective, { strategy: 'grid+coordinate' });
  return {
    landscape: landscape.name,
    experts: landscape.experts.length,
    gridEvals: grid.evaluations,
    gridBest,
    coordNeeded: needed < 0 ? undefined : needed + 1,
    coordTotal: coordinate.evaluations,
    coordBest: coordinate.best?.score ?? Number.NaN,
    refinedBest: refined.best?.score ?? Number.NaN,
    refineExtra: refined.evaluations - grid.evaluations,
  };
}

const ratio = (row: Row): number => (row.coordNeeded === undefined ? Infinity : row.coordNeeded / row.gridEvals);
const fixed = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : 'never');

function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

const table = readBfcl(new URL('../../../examples/bfcl/bfcl-v3-2025-04-30.csv', import.meta.url), BFCL_8B_EXPERTS);
const began = performance.now();
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const objective of ['mean', 'sum'] as const) {
  const main: Row[] = [];
  const spread: { landscape: string; experts: number; ratios: number[]; totals: number[] }[] = [];
  for (const kind of ['smooth', 'noisy', 'bfcl-8b'] as const) {
    for (const n of [3, 4, 5]) {
      if (kind === 'bfcl-8b') {
        main.push(await measure(bfclLandscape(table, BFCL_8B_EXPERTS.slice(0, n)), objective));
        continue;
      }
      const make = kind === 'smooth' ? smoothLandscape : noisyLandscape;
      const rows: Row[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) rows.push(await measure(make(n, seed), objective));
      main.push(rows[0] as Row);
      spread.push({ landscape: kind, experts: n, ratios: rows.map(ratio), totals: rows.map((r) => r.coordTotal / r.gridEvals) });
    }
  }
  console.log(`\n## Objective: ${objective} over categories${objective === 'sum' ? " (the paper's)" : ' (leaderboard points)'}\n`);
  console.log(`Grid: step 0.1, bounds 0.1 ... 0.9. Coordinate: from the uniform point, steps 0.1, 0.05, 0.025. Smooth and noisy: seed 1.`);
  console.log(`coordinate evals = evaluations until its best is within ${TOLERANCE} of the grid best; target ratio <= ${TARGET}.\n`);
  printTable(
    ['landscape', 'experts', 'grid evals', 'grid best', 'coordinate evals', 'coordinate best', 'ratio', 'to converge', 'grid+coord best', '+evals'],
    main.map((r) => [
      r.landscape,
      String(r.experts),
      String(r.gridEvals),
      fixed(r.gridBest),
      r.coordNeeded === undefined ? 'never' : String(r.coordNeeded),
      fixed(r.coordBest),
      `${fixed(ratio(r))} ${ratio(r) <= TARGET ? 'ok' : 'MISS'}`,
      String(r.coordTotal),
      fixed(r.refinedBest),
      String(r.refineExtra),
    ]),
  );
  console.log(`\nOver seeds 1-${SEEDS} of the synthetic landscapes (ratio = coordinate evals / grid evals):\n`);
  printTable(
    ['landscape', 'experts', 'mean ratio', 'max ratio', 'seeds within target', 'mean to-converge ratio'],
    spread.map((s) => [
      s.landscape,
      String(s.experts),
      fixed(mean(s.ratios)),
      fixed(Math.max(...s.ratios)),
      `${s.ratios.filter((x) => x <= TARGET).length}/${s.ratios.length}`,
      fixed(mean(s.totals)),
    ]),
  );
}
console.log(`\nto converge = evaluations until no move improves at step 0.025; +evals = what grid+coordinate adds to the grid.`);
console.log(`(${((performance.now() - began) / 1000).toFixed(1)} s)`);
