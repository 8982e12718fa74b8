// The demo's library path under Deno, as the e2e test runs it to compare with Node:
//   deno run --config deno.json --allow-read --allow-write --allow-env packages/mnist-demo/scripts/demo_deno.ts OUT [small|full]
// Prints the comparison table, the analysis and the experts as JSON on stdout.
import { runDemo } from '@soce/mnist-demo';
import { fileJournalStore } from '@soce/search/deno';
import { createCpuBackend } from '@soce/tensors';
import { denoFileSystem } from '@soce/tensors/deno';

const [out, budget = 'small'] = Deno.args;
if (out === undefined || (budget !== 'small' && budget !== 'full')) {
  console.error('usage: demo_deno.ts OUT [small|full]');
  Deno.exit(2);
}
const backend = createCpuBackend();
const result = await runDemo({
  fs: denoFileSystem,
  out,
  budget,
  backend,
  openJournal: fileJournalStore,
  readText: (url) => Deno.readTextFile(url),
});
await backend.close();
console.log(JSON.stringify({ table: result.table, analysis: result.analysis, experts: result.pipeline.experts }));
