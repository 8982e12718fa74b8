// Checks the training recipe on DEV data only: trains the candidates, scores them per category,
// picks a per-category expert, and compares the best single candidate with uniform soups and a
// grid of non-uniform soups of the experts (the SoCE pattern the demo should show).
// Usage: node --conditions=@soce/source --import tsx scripts/dev_soups.ts [small|full] [seed]
import { readFile } from 'node:fs/promises';
import { DEMO_CATEGORIES, evaluate, loadMnist, prepareDemoData, soupTensors, trainCandidates, type DemoBudget, type DemoCategory } from '@soce/mnist-demo';

const budget = (process.argv[2] ?? 'full') as DemoBudget;
const seed = Number(process.argv[3] ?? 1);
const total = (scores: Record<DemoCategory, number>): number => DEMO_CATEGORIES.reduce((s, c) => s + scores[c], 0);
const row = (name: string, scores: Record<DemoCategory, number>): string =>
  `${name.padEnd(34)} ${DEMO_CATEGORIES.map((c) => scores[c].toFixed(1).padStart(8)).join('')} ${total(scores).toFixed(1).padStart(8)}`;

let t = performance.now();
const lap = (): string => {
  const now = performance.now();
  const s = ((now - t) / 1000).toFixed(2);
  t = now;
  return `${s} s`;
};
const mnist = await loadMnist((url) => readFile(url, 'utf8'));
console.log(`load: ${lap()}`);
const data = prepareDemoData(mnist, { seed, budget });
console.log(`prepare (${budget}): ${lap()}`);
const candidates = trainCandidates(data, { seed, budget, onProgress: (p) => p.epoch === p.epochs && console.log(`  ${p.candidate}: loss ${p.loss.toFixed(3)}`) });
console.log(`train ${candidates.length} candidates: ${lap()}`);

console.log(`${'dev'.padEnd(34)} ${DEMO_CATEGORIES.map((c) => c.padStart(8)).join('')} ${'sum'.padStart(8)}`);
const scores = candidates.map((c) => evaluate(c.tensors, data, 'dev'));
const evalTime = lap();
candidates.forEach((c, i) => console.log(row(c.name, scores[i]!)));
console.log(`evaluate ${candidates.length} models on dev: ${evalTime}`);

// Per-category experts: best on the category, then higher total, then name (as soce's rule).
const expertIdx = [...new Set(DEMO_CATEGORIES.map((c) => {
  const order = candidates.map((_, i) => i).sort((a, b) => scores[b]![c] - scores[a]![c] || total(scores[b]!) - total(scores[a]!) || candidates[a]!.name.localeCompare(candidates[b]!.name));
  return order[0]!;
}))];
const experts = expertIdx.map((i) => candidates[i]!);
console.log(`experts: ${experts.map((e) => e.name).join(', ')}`);
const best = candidates.map((_, i) => i).sort((a, b) => total(scores[b]!) - total(scores[a]!))[0]!;
console.log(row(`best single (${candidates[best]!.name})`, scores[best]!));
const uniform = (models: typeof candidates): Record<DemoCategory, number> =>
  evaluate(soupTensors(models.map((m) => m.tensors), models.map(() => 1 / models.length)), data, 'dev');
console.log(row('uniform soup, all candidates', uniform(candidates)));
console.log(row('uniform soup, fine-tunes', uniform(candidates.slice(1))));
console.log(row('uniform soup, experts', uniform(experts)));

// The paper's grid: every weight in {0.1, …, 0.9}, summing to 1.
function* grid(n: number, left: number): Generator<number[]> {
  if (n === 1) {
    if (left >= 1 && left <= 9) yield [left];
    return;
  }
  for (let w = 1; w <= Math.min(9, left - (n - 1)); w++) for (const rest of grid(n - 1, left - w)) yield [w, ...rest];
}
let bestSoup: { weights: number[]; scores: Record<DemoCategory, number> } | undefined;
let points = 0;
for (const tenths of grid(experts.length, 10)) {
  const weights = tenths.map((w) => w / 10);
  const soupScores = evaluate(soupTensors(experts.map((e) => e.tensors), weights), data, 'dev');
  points++;
  if (bestSoup === undefined || total(soupScores) > total(bestSoup.scores)) bestSoup = { weights, scores: soupScores };
}
console.log(`grid search: ${points} soups in ${lap()}`);
if (bestSoup) console.log(row(`SoCE soup ${experts.map((e, i) => `${e.name} ${bestSoup!.weights[i]}`).join(', ')}`, bestSoup.scores));
