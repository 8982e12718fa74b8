// Checks the demo's recipe on DEV data only (test is never read), seed by seed: trains the base,
// its fine-tunes and their leaderboard peers, scores them per category on dev, picks the experts
// as `soce demo` does (the paper's rule at DEMO_TAU, or the τ given, correlations over the whole
// leaderboard, experts among the candidates), runs the demo's search
// plan over the experts (SoCE) and over every candidate (the ablation), and compares them with the
// best single fine-tune and the uniform soups. Soups are weighted averages of the float32 tensors,
// made in memory (`soce demo` merges them on disk, so its dev totals can differ in the last digit).
//
//   node --conditions=@soce/source --import tsx scripts/dev_soups.ts [small|full] [seeds] [tau] [--scores]
//   npx deno run -A --config ../../deno.json scripts/dev_soups.ts [small|full] [seeds] [tau] [--scores]
//
// `seeds` is a list such as 1,2,3 or a range such as 1-10. Each seed ends with a fingerprint of
// every trained tensor and dev score: equal under Node and Deno.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import {
  DEMO_CATEGORIES,
  DEMO_PLANS,
  DEMO_TAU,
  evaluate,
  loadMnist,
  prepareDemoData,
  soupTensors,
  trainCandidates,
  type Candidate,
  type DemoBudget,
  type DemoCategory,
} from '@soce/mnist-demo';
import { searchWeights } from '@soce/search';
import { analyze, ScoreTable } from '@soce/stats';

type Scores = Record<DemoCategory, number>;

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const showScores = process.argv.includes('--scores');
const budget: DemoBudget = args[0] === 'small' ? 'small' : 'full';
const seeds = (args[1] ?? '1').split(',').flatMap((part) => {
  const [from, to] = part.split('-').map(Number);
  return to === undefined ? [from!] : Array.from({ length: to - from! + 1 }, (_, i) => from! + i);
});
const tau = Number(args[2] ?? DEMO_TAU);
const plan = DEMO_PLANS[budget];
const total = (s: Scores): number => DEMO_CATEGORIES.reduce((sum, c) => sum + s[c], 0);
const f1 = (x: number): string => x.toFixed(1);

const mnist = await loadMnist((url) => readFile(url, 'utf8'));
console.log(`dev only; ${budget} budget; τ ${tau}; search: ${plan.search.strategy}, at most ${plan.budget} evaluations, over the experts and over all candidates`);

interface SeedRow {
  readonly seed: number;
  readonly weak: readonly string[];
  readonly experts: readonly string[];
  readonly bestSingle: number;
  readonly uniformAll: number;
  readonly uniformExperts: number;
  readonly searchAll: number;
  readonly soce: number;
}
const rows: SeedRow[] = [];

for (const seed of seeds) {
  const started = performance.now();
  const data = prepareDemoData(mnist, { seed, budget });
  const trained = trainCandidates(data, { seed, budget });
  // As in `soce demo`: the fine-tunes are the candidates, the base only their ancestor, the peers
  // the rest of the leaderboard (scores only).
  const leaderboard = trained.filter((c) => c.role !== 'base');
  const candidates = leaderboard.filter((c) => c.role === 'candidate');
  const allScores = trained.map((c) => evaluate(c.tensors, data, 'dev'));
  const scoreOf = (c: Candidate): Scores => allScores[trained.indexOf(c)]!;
  const scores = candidates.map(scoreOf);
  if (showScores) {
    console.log(`\nseed ${seed}, dev accuracy (%)`.padEnd(34) + DEMO_CATEGORIES.map((c) => c.padStart(9)).join('') + 'sum'.padStart(9));
    for (const c of trained) console.log(`  ${c.name}`.padEnd(34) + DEMO_CATEGORIES.map((k) => f1(scoreOf(c)[k]).padStart(9)).join('') + f1(total(scoreOf(c))).padStart(9));
  }
  const table = ScoreTable.create({
    source: 'leaderboard on dev',
    models: leaderboard.map((c) => c.name),
    categories: [...DEMO_CATEGORIES],
    scores: leaderboard.map((c) => DEMO_CATEGORIES.map((k) => scoreOf(c)[k])),
  });
  const analysis = analyze(table, { population: 'all', candidates: candidates.map((c) => c.name), tau, mode: 'paper' });
  const experts: Candidate[] = analysis.experts.map((e) => candidates.find((c) => c.name === e.model)!);

  const cache = new Map<string, Scores>();
  const soup = (models: readonly Candidate[], weights: readonly number[]): Scores => {
    const key = models.map((m, i) => `${m.name}:${weights[i]}`).join(',');
    let s = cache.get(key);
    if (s === undefined) {
      s = evaluate(soupTensors(models.map((m) => m.tensors), weights), data, 'dev');
      cache.set(key, s);
    }
    return s;
  };
  const uniform = (models: readonly Candidate[]): number => total(soup(models, models.map(() => 1 / models.length)));
  const searched = async (models: readonly Candidate[]): Promise<{ score: number; weights: Record<string, number> }> => {
    if (models.length === 1) return { score: total(scores[candidates.indexOf(models[0]!)]!), weights: { [models[0]!.name]: 1 } };
    const result = await searchWeights({
      experts: models.map((m) => m.name),
      search: plan.search,
      budget: plan.budget,
      evaluator: async (w) => soup(models, models.map((m) => w.get(m.name))),
    });
    return { score: result.best!.score, weights: result.best!.point.weights.toRecord() };
  };

  const best = Math.max(...scores.map(total));
  const soce = experts.length === 0 ? undefined : await searched(experts);
  const all = await searched(candidates);
  const row: SeedRow = {
    seed,
    weak: analysis.weak,
    experts: experts.map((e) => e.name),
    bestSingle: best,
    uniformAll: uniform(candidates),
    uniformExperts: experts.length === 0 ? Number.NaN : uniform(experts),
    searchAll: all.score,
    soce: soce?.score ?? Number.NaN,
  };
  rows.push(row);

  const weights = (w: Record<string, number>): string => Object.entries(w).map(([n, v]) => `${n} ${v.toFixed(3)}`).join(', ');
  console.log(`\nseed ${seed} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`  τ sweep |L|: ${analysis.tauSweep.map((p) => `${p.tau.toFixed(2)}:${p.weak.length}`).join(' ')}`);
  console.log(`  L = {${row.weak.join(', ')}}; experts ${analysis.experts.map((e) => `${e.model} (${e.categories.join(', ')})`).join('; ') || 'none'}`);
  console.log(`  dev totals: best single ${f1(best)} | uniform all ${f1(row.uniformAll)} | uniform experts ${f1(row.uniformExperts)} | search over all ${f1(row.searchAll)} | SoCE ${f1(row.soce)}`);
  if (soce !== undefined) console.log(`  SoCE: ${weights(soce.weights)}`);
  console.log(`  search over all: ${weights(all.weights)}`);

  let hash = 0x811c9dc5;
  const mix = (bytes: Uint8Array): void => {
    for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193);
  };
  for (const c of trained) for (const t of Object.values(c.tensors)) mix(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  mix(new TextEncoder().encode(JSON.stringify(allScores)));
  console.log(`  fingerprint of all trained tensors and dev scores: ${(hash >>> 0).toString(16).padStart(8, '0')}`);
}

if (rows.length > 1) {
  const strict = rows.filter((r) => r.weak.length >= 2 && r.weak.length < DEMO_CATEGORIES.length).length;
  const margin = (name: string, other: (r: SeedRow) => number): string => {
    const d = rows.map((r) => r.soce - other(r));
    return `${name} ${f1(d.reduce((a, b) => a + b, 0) / d.length)} (min ${f1(Math.min(...d))}, SoCE ahead on ${d.filter((x) => x > 0).length}/${d.length})`;
  };
  console.log(`\n${budget}, seeds ${seeds.join(',')}, τ ${tau}: L a strict non-trivial subset on ${strict}/${rows.length} seeds; experts per seed ${rows.map((r) => r.experts.length).join(',')}`);
  console.log(`SoCE minus, on dev: ${margin('best single', (r) => r.bestSingle)}; ${margin('uniform all', (r) => r.uniformAll)}; ${margin('uniform experts', (r) => r.uniformExperts)}; ${margin('search over all', (r) => r.searchAll)}`);
}
