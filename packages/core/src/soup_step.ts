import { joinPath, mergeCheckpoints, type MergeSummary } from '@soce/tensors';
import { RUN_FILES, type PipelineContext } from './pipeline_context.ts';

/**
 * Step 5 of SoCE: writes the soup of the chosen weights to `out/soup` (replacing an earlier one
 * only once the new one is complete), with the recipe in its metadata and model card.
 */
export async function soupStep(ctx: PipelineContext, weights: Readonly<Record<string, number>>): Promise<MergeSummary> {
  const members = Object.entries(weights).filter(([, w]) => w > 0);
  ctx.onProgress?.({ type: 'phase', phase: 'soup', detail: members.map(([n, w]) => `${n} ${w.toFixed(3)}`).join(', ') });
  const summary = await mergeCheckpoints(ctx.fs, {
    models: members.map(([name, weight]) => {
      const model = ctx.candidates[name];
      if (model === undefined) throw new Error(`"${name}" is weighted but is not a candidate`);
      return { model, weight };
    }),
    out: joinPath(ctx.out, RUN_FILES.soup),
    backend: ctx.backend,
    normalize: true,
    overwrite: true,
    outDtype: ctx.outDtype,
  });
  ctx.onProgress?.({ type: 'merge', summary });
  return summary;
}
