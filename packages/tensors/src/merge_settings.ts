import type { FloatDtype } from './dtype.ts';
import type { MissingTensorPolicy } from './merge_plan.ts';

/**
 * How a soup is made, beyond its ingredients: the settings a recipe file, the command line's flags
 * and SDK callers all state, under these names, on their way to {@link mergeCheckpoints}.
 */
export interface MergeSettings {
  /** Divide the weights by their sum instead of requiring a sum of 1. */
  readonly normalize?: boolean | undefined;
  /** The float output type; by default every tensor keeps its input type. */
  readonly outDtype?: FloatDtype | undefined;
  /** What to do with a tensor some models lack (default: an error). */
  readonly missing?: MissingTensorPolicy | undefined;
  /** The largest shard's tensor bytes (default 5 GB). */
  readonly maxShardBytes?: number | undefined;
  /** The directory config and tokenizer files are copied from (default: the first model's). */
  readonly copyFrom?: string | undefined;
  /** The base model the ingredients were fine-tuned from, as the model card's `base_model` names it. */
  readonly baseModel?: string | undefined;
}
