import { formatWeight } from '@soce/search';
import { joinPath, mergeCheckpoints, type MergeSummary } from '@soce/tensors';
import { RUN_FILES, type PipelineContext } from './pipeline_context.ts';
import { soupIngredients } from './soup_evaluator.ts';

/**
 * Step 5 of SoCE: writes the soup of the chosen weights to `out/soup` (replacing an earlier one
 * only once the new one is complete), with the recipe in its metadata and model card.
 */
export async function soupStep(ctx: PipelineContext, weights: Readonly<Record<string, number>>): Promise<MergeSummary> {
  const models = soupIngredients(ctx.candidates, weights);
  const detail = Object.entries(weights).filter(([, w]) => w > 0).map(([n, w]) => `${n} ${formatWeight(w)}`).join(', ');
  ctx.onProgress?.({ type: 'phase', phase: 'soup', detail });
  const summary = await mergeCheckpoints(ctx.fs, {
    models,
    out: joinPath(ctx.out, RUN_FILES.soup),
    backend: ctx.backend,
    normalize: true,
    overwrite: true,
    outDtype: ctx.outDtype,
    // Stops between chunks when the run is interrupted (the context's signal is a web AbortSignal in practice).
    signal: ctx.signal as AbortSignal | undefined,
  });
  ctx.onProgress?.({ type: 'merge', summary });
  return summary;
}
