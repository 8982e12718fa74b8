/**
 * Reads a leaderboard table and prints SoCE's experts: the candidates that lead the benchmark
 * categories whose scores are weakly correlated across models.
 *
 *   deno run --allow-read=../bfcl analyze_scores.ts [TABLE.csv]
 *
 * Without an argument it reads the BFCL v3 table shipped in examples/bfcl and uses the SoCE
 * paper's 8B setting, which names xLAM-2-8b-fc-r, ToolACE-2-8B and watt-tool-8B.
 */
import { analyze, parseScoreTable } from '@soce/stats';

const path = Deno.args[0] ?? new URL('../bfcl/bfcl-v3-2025-04-30.csv', import.meta.url).pathname;

// The table's own column names: the top-level BFCL categories, not the sub-categories they sum up.
const table = parseScoreTable(await Deno.readTextFile(path), path, {
  categories: ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection'],
});

// Correlations are computed over every model of the leaderboard (the paper's population); the
// experts are chosen among the candidates only.
const analysis = analyze(table, {
  tau: 0.2,
  candidates: ['xLAM-2-8b-fc-r (FC)', 'ToolACE-2-8B (FC)', 'watt-tool-8B (FC)', 'BitAgent-8B', 'CoALM-8B'],
});

console.log(`${table.models.length} models, τ = ${analysis.tau}: ${analysis.weak.length} weak categories`);
for (const pair of analysis.weakPairs) {
  console.log(`  weak pair ${pair.categories.join(' × ')}  r = ${pair.r.toFixed(3)}`);
}
for (const expert of analysis.experts) {
  console.log(`expert ${expert.model}: ${expert.categories.join(', ')}`);
}
