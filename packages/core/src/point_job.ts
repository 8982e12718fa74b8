/**
 * What a Slurm job of soce does on its compute node: `soce job run --spec <file>` merges the soup
 * of its spec with the same merge code as a local run, runs the evaluator command on it and writes
 * the scores where the submitting soce reads them.
 * @module
 */
import type { AbortSignalLike, CategoryScores } from '@soce/search';
import { baseName, parentPath, parseFloatDtype, type FileSystem, type MergeBackend } from '@soce/tensors';
import { commandEvaluator } from './config_pipeline.ts';
import type { PointJobSpec } from './point_job_spec.ts';
import type { ProcessRunner } from './process_runner.ts';
import { soupEvaluator } from './soup_evaluator.ts';
import { writeJsonAtomically } from './write_json.ts';

/** What running a point job needs from the runtime it runs in. */
export interface PointJobRuntime {
  readonly fs: FileSystem;
  readonly runner: ProcessRunner;
  /** The merge backend the spec names (the caller closes it after the job). */
  readonly backend: MergeBackend;
  /** Stops the merge and the evaluator (Slurm's SIGTERM on scancel or time limit). */
  readonly signal?: AbortSignalLike | undefined;
}

/**
 * Runs a point job: merges the soup (or takes the single candidate as it is), runs the evaluator
 * on it, deletes the soup and writes the scores to `spec.scores` whole (a temporary name, then a
 * rename), so the submitting side never reads half a file. Rejects with the evaluator's error.
 */
export async function runPointJob(spec: PointJobSpec, runtime: PointJobRuntime): Promise<CategoryScores> {
  const outDtype = spec.outDtype === undefined ? undefined : parseFloatDtype(spec.outDtype);
  const soup = soupEvaluator({
    fs: runtime.fs,
    candidates: spec.candidates,
    backend: runtime.backend,
    workDir: spec.soupDir,
    evaluate: commandEvaluator(spec.evaluator, runtime, spec.logDir, spec.categories, 1),
    ...(outDtype === undefined ? {} : { outDtype }),
  });
  const scores = await soup(spec.weights, { signal: runtime.signal });
  await writeJsonAtomically(runtime.fs, parentPath(spec.scores), baseName(spec.scores), scores);
  return scores;
}
