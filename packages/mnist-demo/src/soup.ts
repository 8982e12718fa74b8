import { MnistDemoError } from './errors.ts';
import type { ModelTensors, ModelTensorsInput } from './model.ts';

const WEIGHT_TOLERANCE = 1e-6;

/**
 * The weighted average `Σ w_j · M_j` of models, tensor by tensor, accumulated in float64 and
 * stored as float32 (what a merge written as f32 holds). The demo's own scripts and tests soup in
 * memory with it; the real pipeline merges on disk with `@soce/tensors`. Weights must be ≥ 0 and
 * sum to 1, and every model must have the same tensor names and shapes.
 */
export function soupTensors(models: readonly ModelTensorsInput[], weights: readonly number[]): ModelTensors {
  const first = models[0];
  if (first === undefined || models.length !== weights.length) {
    throw new MnistDemoError(`a soup needs at least one model and one weight per model; got ${models.length} model(s) and ${weights.length} weight(s).`);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (weights.some((w) => !(w >= 0)) || Math.abs(total - 1) > WEIGHT_TOLERANCE) {
    throw new MnistDemoError(`soup weights [${weights.join(', ')}] must be ≥ 0 and sum to 1 (they sum to ${total}); normalise them first.`);
  }
  const soup: ModelTensors = {};
  for (const [name, tensor] of Object.entries(first)) {
    const acc = new Float64Array(tensor.data.length);
    models.forEach((model, j) => {
      const other = model[name];
      if (other === undefined || other.shape.length !== tensor.shape.length || other.shape.some((d, i) => d !== tensor.shape[i]) || other.data.length !== acc.length) {
        throw new MnistDemoError(`model ${j} of the soup ${other === undefined ? 'lacks' : 'has another shape for'} tensor ${name} (model 0: [${tensor.shape.join(', ')}]); soups need models of one architecture.`);
      }
      const w = weights[j]!;
      const data = other.data;
      for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + w * data[i]!;
    });
    soup[name] = { shape: [...tensor.shape], data: Float32Array.from(acc) };
  }
  for (const [j, model] of models.entries()) {
    const extra = Object.keys(model).filter((name) => !(name in first));
    if (extra.length > 0) {
      throw new MnistDemoError(`model ${j} of the soup has tensor(s) ${extra.join(', ')} that model 0 lacks; soups need models of one architecture.`);
    }
  }
  return soup;
}
