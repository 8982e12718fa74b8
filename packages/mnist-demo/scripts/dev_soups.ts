// Checks the training recipe on DEV data only (test is never read): trains the base and its
// fine-tunes, scores the fine-tunes per category on dev, picks the experts as `soce demo` does
// (the paper's rule at DEMO_TAU, or the τ given, over the fine-tunes), and compares the best single fine-tune with
// the uniform soups and the best soup of the paper's weight grid over the experts. Soups are
// weighted averages of the float32 tensors, made in memory.
//
//   node --conditions=@soce/source --import tsx scripts/dev_soups.ts [small|full] [seed] [tau]
//   npx deno run -A --config ../../deno.json scripts/dev_soups.ts [small|full] [seed] [tau]
//
// The last line is a fingerprint of every trained tensor and dev score: equal under Node and Deno.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import {
  DEMO_CATEGORIES,
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
import { analyze, ScoreTable } from '@soce/stats';

type Scores = Record<DemoCategory, number>;

const budget: DemoBudget = process.argv[2] === 'small' ? 'small' : 'full';
const seed = Number(process.argv[3] ?? 1);
const tau = Number(process.argv[4] ?? DEMO_TAU);
const total = (s: Scores): number => DEMO_CATEGORIES.reduce((sum, c) => sum + s[c], 0);
const row = (name: string, s: Scores): string =>
  `${name.padEnd(34)}${DEMO_CATEGORIES.map((c) => s[c].toFixed(1).padStart(9)).join('')}${total(s).toFixed(1).padStart(9)}`;

let mark = performance.now();
const lap = (): string => {
  const now = performance.now();
  const seconds = ((now - mark) / 1000).toFixed(2);
  mark = now;
  return `${seconds} s`;
};

const mnist = await loadMnist((url) => readFile(url, 'utf8'));
console.log(`load MNIST: ${lap()}`);
const data = prepareDemoData(mnist, { seed, budget });
console.log(`prepare ${budget} data (seed ${seed}): ${lap()}`);
const trained = trainCandidates(data, { seed, budget });
console.log(`train the base and ${trained.length - 1} fine-tunes: ${lap()}`);
const allScores = trained.map((c) => evaluate(c.tensors, data, 'dev'));
console.log(`evaluate ${trained.length} models on dev: ${lap()} (${data.dev.clean.count} digits × ${DEMO_CATEGORIES.length} categories each)`);

console.log(`\n${'dev accuracy (%)'.padEnd(34)}${DEMO_CATEGORIES.map((c) => c.padStart(9)).join('')}${'sum'.padStart(9)}`);
trained.forEach((c, i) => console.log(row(c.name, allScores[i]!)));

// As in `soce demo`: the fine-tunes are the candidates; the base is only their ancestor.
const candidates = trained.filter((c) => c.name !== 'base');
const scores = candidates.map((c) => allScores[trained.indexOf(c)]!);
const table = ScoreTable.create({
  source: 'fine-tunes on dev',
  models: candidates.map((c) => c.name),
  categories: [...DEMO_CATEGORIES],
  scores: scores.map((s) => DEMO_CATEGORIES.map((c) => s[c])),
});
const analysis = analyze(table, { population: 'candidates', tau, mode: 'paper' });
console.log(`\nτ sweep over the ${candidates.length} fine-tunes (|L|: experts):`);
for (const point of analysis.tauSweep) console.log(`  τ ${point.tau.toFixed(2)}  ${point.weak.length}: ${point.experts.join(', ')}`);
const experts: Candidate[] = analysis.experts.map((e) => candidates.find((c) => c.name === e.model)!);
console.log(`at τ = ${tau}: weak ${analysis.weak.join(', ')}; experts ${analysis.experts.map((e) => `${e.model} (${e.categories.join(', ')})`).join('; ')}`);

const best = scores.map((_, i) => i).sort((a, b) => total(scores[b]!) - total(scores[a]!))[0]!;
const uniform = (models: readonly Candidate[]): Scores =>
  evaluate(soupTensors(models.map((m) => m.tensors), models.map(() => 1 / models.length)), data, 'dev');

function* grid(n: number, tenths: number): Generator<number[]> {
  if (n === 1) {
    if (tenths >= 1 && tenths <= 9) yield [tenths];
    return;
  }
  for (let w = 1; w <= Math.min(9, tenths - (n - 1)); w++) for (const rest of grid(n - 1, tenths - w)) yield [w, ...rest];
}
mark = performance.now();
let soce: { weights: number[]; scores: Scores } | undefined;
let points = 0;
for (const tenths of grid(experts.length, 10)) {
  const weights = tenths.map((w) => w / 10);
  const s = evaluate(soupTensors(experts.map((e) => e.tensors), weights), data, 'dev');
  points++;
  if (soce === undefined || total(s) > total(soce.scores)) soce = { weights, scores: s };
}
const gridTime = lap();

console.log('');
console.log(row(`best single: ${candidates[best]!.name}`, scores[best]!));
console.log(row(`uniform soup of all ${candidates.length}`, uniform(candidates)));
console.log(row(`uniform soup of the ${experts.length} experts`, uniform(experts)));
if (soce !== undefined) {
  console.log(row('SoCE: best grid soup of experts', soce.scores));
  console.log(`SoCE weights: ${experts.map((e, i) => `${e.name} ${soce.weights[i]}`).join(', ')}`);
}
console.log(`weight grid: ${points} soups in ${gridTime}`);

let hash = 0x811c9dc5;
const mix = (bytes: Uint8Array): void => {
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193);
};
for (const c of trained) for (const t of Object.values(c.tensors)) mix(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
mix(new TextEncoder().encode(JSON.stringify(allScores)));
console.log(`fingerprint of all trained tensors and dev scores: ${(hash >>> 0).toString(16).padStart(8, '0')}`);
