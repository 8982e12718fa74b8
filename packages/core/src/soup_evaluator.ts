import { joinPath, mergeCheckpoints, type FileSystem, type FloatDtype, type MergeBackend, type MergeSummary, type ModelWeight } from '@soce/tensors';
import { evaluationId, type CheckpointEvaluator, type EvaluationContext } from './evaluator.ts';
import type { CategoryScores } from '@soce/search';

/** Options for {@link soupEvaluator}. */
export interface SoupEvaluatorOptions {
  /** Where checkpoints are read and soups written. */
  readonly fs: FileSystem;
  /** Candidate name → checkpoint directory or `.safetensors` file. */
  readonly candidates: Readonly<Record<string, string>>;
  /** Does the merge arithmetic. */
  readonly backend: MergeBackend;
  /** Soups are merged into `workDir/<evaluation id>`. */
  readonly workDir: string;
  /** Scores a soup on disk. */
  readonly evaluate: CheckpointEvaluator;
  /** Keep each soup after its evaluation instead of deleting it (disk grows by a model per point). */
  readonly keepSoups?: boolean;
  /** The soups' float type (the candidates' by default). */
  readonly outDtype?: FloatDtype;
  /** Told about every merge, e.g. for a progress view. */
  readonly onMerge?: (summary: MergeSummary) => void;
}

/**
 * The checkpoints a soup of `weights` is made of: each candidate with a non-zero weight, by path,
 * under its candidate name (as the soup's card and metadata name it). A weighted name that is not a
 * candidate is an error.
 */
export function soupIngredients(candidates: Readonly<Record<string, string>>, weights: Readonly<Record<string, number>>): ModelWeight[] {
  return Object.entries(weights)
    .filter(([, w]) => w > 0)
    .map(([name, weight]) => {
      const model = candidates[name];
      if (model === undefined) throw new Error(`"${name}" is weighted but is not a candidate`);
      return { model, weight, name };
    });
}

/**
 * Turns a benchmark that scores checkpoints into one that scores weights: each call merges the
 * candidates with the given weights into a work directory, evaluates the soup there and deletes it
 * (unless kept), so disk use stays at one soup per evaluation in flight. A point with a single
 * non-zero weight is that candidate itself and is evaluated in place, without a merge.
 */
export function soupEvaluator(options: SoupEvaluatorOptions): (weights: Readonly<Record<string, number>>, context?: EvaluationContext) => Promise<CategoryScores> {
  return async (weights, context) => {
    const members = soupIngredients(options.candidates, weights);
    if (members.length === 1) return options.evaluate(members[0]!.model, weights, context);
    await options.fs.mkdir(options.workDir);
    const soupDir = joinPath(options.workDir, evaluationId(weights));
    const summary = await mergeCheckpoints(options.fs, {
      models: members,
      out: soupDir,
      backend: options.backend,
      normalize: true,
      overwrite: true,
      outDtype: options.outDtype,
      // The merge stops between chunks when the run is interrupted (the search's signal is the
      // web-standard AbortSignal the merge expects).
      signal: context?.signal as AbortSignal | undefined,
    });
    options.onMerge?.(summary);
    try {
      return await options.evaluate(soupDir, weights, context);
    } finally {
      if (!options.keepSoups) await options.fs.remove(soupDir);
    }
  };
}
