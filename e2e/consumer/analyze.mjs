// @soce/stats from its npm tarball: SoCE's analysis of the BFCL v3 table, the paper's 8B setting.
import { readFile } from 'node:fs/promises';
import { analyze, parseScoreTable } from '@soce/stats';

const path = 'bfcl-v3-2025-04-30.csv';
const table = parseScoreTable(await readFile(path, 'utf8'), path, {
  categories: ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection'],
});
const analysis = analyze(table, {
  tau: 0.2,
  candidates: ['xLAM-2-8b-fc-r (FC)', 'ToolACE-2-8B (FC)', 'watt-tool-8B (FC)', 'BitAgent-8B', 'CoALM-8B'],
});
console.log(JSON.stringify({ models: table.models.length, weak: analysis.weak, experts: analysis.experts.map((e) => e.model) }));
