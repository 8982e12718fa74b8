import { DEMO_CATEGORIES, type DemoCategory } from './categories.ts';
import type { DemoData, DemoSplit } from './data.ts';
import type { LabelledImages } from './images.ts';
import { argmax, createScratch, forward, mlpFromTensors, type Mlp, type ModelTensorsInput } from './model.ts';

/** Accuracy of `mlp` on `images`, in percent. */
export function accuracy(mlp: Mlp, images: LabelledImages): number {
  const scratch = createScratch();
  let correct = 0;
  for (let i = 0; i < images.count; i++) {
    forward(mlp, images.pixels, i, scratch);
    if (argmax(scratch.logits) === images.labels[i]) correct++;
  }
  return (100 * correct) / images.count;
}

/**
 * Scores a model on every category of one split: accuracy in percent per category, the demo's
 * score-table row. `tensors` may come straight from a checkpoint (float32 data); they are checked
 * to be the demo's MLP first, and `where` (e.g. the checkpoint's path) names them in that error.
 */
export function evaluate(tensors: ModelTensorsInput, data: DemoData, split: DemoSplit, where = 'the model'): Record<DemoCategory, number> {
  const mlp = mlpFromTensors(tensors, where);
  const sets = data[split];
  return Object.fromEntries(DEMO_CATEGORIES.map((c) => [c, accuracy(mlp, sets[c])])) as Record<DemoCategory, number>;
}
