/**
 * Searches soup weights with SoCE's grid and coordinate ascent against an evaluator that runs in
 * this process. Here the evaluator is a toy: a smooth function of the weights standing in for
 * "merge the experts with these weights and benchmark the soup". Needs no permission at all.
 *
 *   deno run search_weights.ts
 *
 * With real models the evaluator merges checkpoints (`mergeCheckpoints` of @soce/tensors) and runs
 * a benchmark; journal the search to a file (`fileJournalStore` of @soce/search/deno, with
 * --allow-read and --allow-write on the journal) and a killed search resumes where it stopped.
 */
import { searchWeights, type CategoryScores, type Weights } from '@soce/search';

const experts = ['xLAM-2-8b-fc-r (FC)', 'ToolACE-2-8B (FC)', 'watt-tool-8B (FC)'];

// Each category peaks at its own mix of the experts; the total peaks near 0.7 / 0.2 / 0.1, the
// weights the SoCE paper reports for BFCL 8B.
const peaks: Record<string, readonly number[]> = {
  'Non-Live AST': [0.6, 0.3, 0.1],
  'Live': [0.7, 0.2, 0.1],
  'Multi Turn': [0.8, 0.1, 0.1],
};

let calls = 0;
// A real evaluator awaits a merge and a benchmark; this one answers at once.
function evaluate(weights: Weights): Promise<CategoryScores> {
  calls += 1;
  const w = experts.map((expert) => weights.get(expert));
  const scores: Record<string, number> = {};
  for (const [category, peak] of Object.entries(peaks)) {
    const distance = w.reduce((sum, value, i) => sum + (value - peak[i]!) ** 2, 0);
    scores[category] = 80 - 100 * distance;
  }
  return Promise.resolve(scores);
}

// The paper's grid (weights 0.1 … 0.9 in steps of 0.1, plus the uniform point), then coordinate
// ascent from its best point with steps 0.05 and 0.025.
const result = await searchWeights({
  experts,
  evaluator: evaluate,
  objective: 'sum',
  search: { strategy: 'grid+coordinate', step: 0.1, bounds: { min: 0.1, max: 0.9 } },
});

const best = result.best;
if (best === undefined) throw new Error('no point could be scored');
console.log(`stopped: ${result.stoppedBy} after ${result.evaluations} evaluations (grid of ${result.gridSize})`);
console.log(`best: ${experts.map((expert) => `${expert} ${best.point.weights.get(expert).toFixed(3)}`).join(', ')}`);
console.log(`total score ${best.score.toFixed(2)}; evaluator called ${calls} times`);
