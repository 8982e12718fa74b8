/**
 * Runs a `soce.yaml` end to end under Deno, as `soce run --config` does under Node: experts from
 * the score table, the weight search over real merges (the config's benchmark command scores each
 * soup), the final soup, and `report.json` and `report.html` in the config's `out`.
 *
 *   deno run --allow-read=DIR --allow-write=DIR --allow-run=PROGRAM run_soce_yaml.ts DIR/soce.yaml
 *
 * DIR holds the config, the checkpoints and the score table it names, and receives `out`; PROGRAM
 * is the evaluator's program (`evaluator.command[0]`). Rerun the same command after a kill: the
 * journals in `out` keep every finished evaluation.
 */
import { parseRunConfig, pipelineInputFromConfig, RUN_FILES, runPipeline } from '@soce/core';
import { denoProcessRunner } from '@soce/core/deno';
import { renderReport } from '@soce/report';
import { fileJournalStore } from '@soce/search/deno';
import { joinPath, selectBackend } from '@soce/tensors';
import { acquireGpu, denoFileSystem } from '@soce/tensors/deno';

const configFile = Deno.args[0];
if (configFile === undefined) throw new Error('usage: run_soce_yaml.ts soce.yaml');

const config = parseRunConfig(await Deno.readTextFile(configFile), configFile);
const { context, input } = await pipelineInputFromConfig(config, {
  configFile,
  fs: denoFileSystem,
  runner: denoProcessRunner,
  openJournal: fileJournalStore,
  openBackend: async (kind) => (await selectBackend(kind, { acquireGpu })).backend,
  onProgress: (event) => {
    if (event.type === 'phase') console.log(`[${event.phase}] ${event.detail}`);
  },
});
try {
  const result = await runPipeline(context, input);
  const report = joinPath(context.out, RUN_FILES.reportHtml);
  await Deno.writeTextFile(report, await renderReport(result.report));
  const best = result.search.best;
  console.log(`experts: ${result.experts.join(', ')}`);
  console.log(`best: ${best === undefined ? 'none' : best.point.weights.toString()} (objective ${best?.score.toFixed(2)})`);
  console.log(`soup: ${result.soup.out}`);
  console.log(`report: ${report}`);
} finally {
  await context.backend.close();
}
