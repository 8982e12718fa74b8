import { joinPath, mergeCheckpoints, type FileSystem, type FloatDtype, type MergeBackend, type MergeSummary } from '@soce/tensors';
import { evaluationId, type Evaluator } from './evaluator.ts';
import type { Scores } from './scores_json.ts';

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
  readonly evaluate: Evaluator;
  /** Keep each soup after its evaluation instead of deleting it (disk grows by a model per point). */
  readonly keepSoups?: boolean;
  /** The soups' float type (the candidates' by default). */
  readonly outDtype?: FloatDtype;
  /** Told about every merge, e.g. for a progress view. */
  readonly onMerge?: (summary: MergeSummary) => void;
}

/**
 * Turns a benchmark that scores checkpoints into one that scores weights: each call merges the
 * candidates with the given weights into a work directory, evaluates the soup there and deletes it
 * (unless kept), so disk use stays at one soup per evaluation in flight. A point with a single
 * non-zero weight is that candidate itself and is evaluated in place, without a merge.
 */
export function soupEvaluator(options: SoupEvaluatorOptions): (weights: Readonly<Record<string, number>>) => Promise<Scores> {
  return async (weights) => {
    const members = Object.entries(weights).filter(([, w]) => w > 0);
    for (const [name] of members) {
      if (!(name in options.candidates)) throw new Error(`"${name}" is weighted but is not a candidate`);
    }
    if (members.length === 1) return options.evaluate(options.candidates[members[0]![0]]!, weights);
    await options.fs.mkdir(options.workDir);
    const soupDir = joinPath(options.workDir, evaluationId(weights));
    const summary = await mergeCheckpoints(options.fs, {
      models: members.map(([name, weight]) => ({ model: options.candidates[name]!, weight })),
      out: soupDir,
      backend: options.backend,
      normalize: true,
      overwrite: true,
      outDtype: options.outDtype,
    });
    options.onMerge?.(summary);
    try {
      return await options.evaluate(soupDir, weights);
    } finally {
      if (!options.keepSoups) await options.fs.remove(soupDir);
    }
  };
}
