import type { JournalStore } from '@soce/search';
import { isAbsolutePath, joinPath, resolvePath, type FileSystem } from '@soce/tensors';
import type { SlurmExecutorConfig } from './executor_config.ts';
import { RUN_FILES, type PipelineEvent } from './pipeline_context.ts';
import type { ProcessRunner } from './process_runner.ts';
import { ConfigError, type RunConfig } from './run_config.ts';
import { SlurmExecutor } from './slurm_executor.ts';

/** What the Slurm executor of a soce.yaml needs besides the config. */
export interface SlurmExecutorRuntime {
  /** How messages name the config file. */
  readonly label: string;
  /** The config file's directory, which relative paths are resolved against. */
  readonly base: string;
  /** The run's directory (absolute): its job journal goes there. */
  readonly out: string;
  /** Candidate name → checkpoint, resolved. */
  readonly candidates: Readonly<Record<string, string>>;
  readonly fs: FileSystem;
  readonly runner: ProcessRunner;
  readonly openJournal: (path: string) => JournalStore;
  readonly onProgress?: ((event: PipelineEvent) => void) | undefined;
}

/**
 * The {@link SlurmExecutor} that `executor: { kind: slurm, ... }` of a soce.yaml asks for; a
 * ConfigError for a workDir that cannot hold job files.
 */
export function slurmExecutorFromConfig(config: RunConfig, executor: SlurmExecutorConfig, runtime: SlurmExecutorRuntime): SlurmExecutor {
  const workDir = resolvePath(runtime.base, executor.workDir);
  if (!isAbsolutePath(workDir) || /[\s%"'`$\\]/.test(workDir)) {
    throw new ConfigError(`${runtime.label}: executor.workDir: ${executor.workDir} holds a blank, quote, "%", "$" or "\\", which sbatch's --output cannot take; choose a plain path on shared storage`);
  }
  const onProgress = runtime.onProgress;
  return new SlurmExecutor({
    fs: runtime.fs,
    runner: runtime.runner,
    journal: () => runtime.openJournal(joinPath(runtime.out, RUN_FILES.slurmJobs)),
    workDir,
    sbatch: executor.sbatch,
    setup: executor.setup,
    soce: executor.soce,
    pollSeconds: executor.poll,
    retries: config.evaluator.retries,
    candidates: runtime.candidates,
    backend: config.backend,
    outDtype: config.outDtype,
    evaluators: {
      dev: { config: config.evaluator, categories: config.categories },
      ...(config.testEvaluator === undefined ? {} : { test: { config: config.testEvaluator, categories: config.categories } }),
    },
    ...(onProgress === undefined ? {} : { onJob: (event) => onProgress({ type: 'job', event }) }),
  });
}
