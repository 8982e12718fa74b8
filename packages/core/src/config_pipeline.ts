/**
 * A `soce.yaml` turned into what `runPipeline` takes, with the runtime's files, processes,
 * journals and GPU: the one translation of the config file, shared by the CLI (`soce run`, `soce
 * shapley --config`) and by SDK users under Node or Deno.
 * @module
 */
import { SOCE_TOOL } from '@soce/common';
import type { AbortSignalLike, JournalStore, SearchSpec } from '@soce/search';
import { parseScoreTable, type ScoreTable } from '@soce/stats';
import { joinPath, parentPath, parseFloatDtype, resolvePath, type BackendKind, type FileSystem, type MergeBackend } from '@soce/tensors';
import { createCommandEvaluator } from './command_evaluator.ts';
import type { CheckpointEvaluator } from './evaluator.ts';
import { RUN_FILES, type PipelineContext, type PipelineEvent } from './pipeline_context.ts';
import type { ProcessRunner } from './process_runner.ts';
import { ConfigError, type EvaluatorConfig, type RunConfig } from './run_config.ts';
import type { PipelineInput } from './run_pipeline.ts';
import { slurmExecutorFromConfig } from './slurm_executor_config.ts';

/** What running a `soce.yaml` needs from the runtime it runs in. */
export interface PipelineRuntime {
  /** The config file's path: its relative paths (candidates, scores, out) are resolved against its directory. */
  readonly configFile: string;
  /** How messages name the config file (default `configFile`), e.g. as the user typed it. */
  readonly configLabel?: string;
  /** File access: `nodeFileSystem` (`@soce/tensors/node`), `denoFileSystem`, or in memory. */
  readonly fs: FileSystem;
  /** Runs the evaluator command: `nodeProcessRunner` (`@soce/core/node`) or `denoProcessRunner`. */
  readonly runner: ProcessRunner;
  /** Opens a journal's store at a path: `fileJournalStore` of `@soce/search/node` or `/deno`. */
  readonly openJournal: (path: string) => JournalStore;
  /**
   * Opens the merge backend the config's `backend` names, called once the config's files are
   * checked; e.g. `async (kind) => (await selectBackend(kind, { acquireGpu })).backend`.
   */
  readonly openBackend: (kind: BackendKind) => Promise<MergeBackend>;
  /** Receives the run's progress. */
  readonly onProgress?: (event: PipelineEvent) => void;
  /** Stops the run between evaluations (journaled work is kept). */
  readonly signal?: AbortSignalLike;
  /** The tool named in the report and the soup's card (default `soce <version>`). */
  readonly tool?: string;
}

/** A `soce.yaml` ready to run: `runPipeline(context, input)`. Close `context.backend` when done. */
export interface ConfiguredPipeline {
  /** The shared context: candidate paths resolved, the evaluators, the journals, the open backend. */
  readonly context: PipelineContext;
  /** What to run: the analysis of the score table, the experts, the search and its budget. */
  readonly input: PipelineInput;
}

/**
 * The benchmark command of `config`, logging under `workDir`; `categories` reach its score reader;
 * `slots` evaluations may run at once, each with its own `{slot}`. A Slurm job builds its
 * evaluator here too (one slot: Slurm itself gives the job its GPUs), so both run the same command
 * the same way.
 */
export function commandEvaluator(config: EvaluatorConfig, runtime: Pick<PipelineRuntime, 'runner' | 'fs'>, workDir: string, categories: readonly string[] | undefined, slots: number): CheckpointEvaluator {
  return createCommandEvaluator({
    argv: config.command,
    timeoutSeconds: config.timeout,
    retries: config.retries,
    format: config.format,
    categories,
    metrics: config.metrics,
    model: config.model,
    env: config.env,
    slots,
    runner: runtime.runner,
    fs: runtime.fs,
    workDir,
  });
}

/** The weight search `config` asks for, in the search package's terms. */
export function searchSpecFromConfig(config: RunConfig): SearchSpec {
  return { strategy: config.search.strategy, step: config.search.step, bounds: config.search.bounds };
}

/**
 * Turns a validated `soce.yaml` (see `parseRunConfig`) into the context and input of
 * `runPipeline`: paths resolved against the config file's directory, every candidate checked to
 * exist and the score table read and validated — each a {@link ConfigError} naming the file and
 * key — before the merge backend is opened.
 * @example
 * ```ts
 * import { parseRunConfig, pipelineInputFromConfig, runPipeline } from '@soce/core';
 * import { nodeProcessRunner } from '@soce/core/node';
 * import { fileJournalStore } from '@soce/search/node';
 * import { createCpuBackend, saveCheckpoint } from '@soce/tensors';
 * import { nodeFileSystem } from '@soce/tensors/node';
 *
 * // Two one-tensor checkpoints, and a benchmark command (here a one-liner) printing a soup's scores.
 * for (const [name, value] of [['a', 1], ['b', 3]] as const) {
 *   await saveCheckpoint(nodeFileSystem, `models/${name}`, [{ name: 'w', dtype: 'F32', shape: [1], data: new Uint8Array(new Float32Array([value]).buffer) }]);
 * }
 * const configFile = 'soce.yaml';
 * const config = parseRunConfig(`
 * candidates: { a: ./models/a, b: ./models/b }
 * experts: [a, b]
 * search: { step: 0.5 }
 * evaluator: { command: [node, -e, "console.log(JSON.stringify({ quality: 1 }))", "{model}"] }
 * out: ./run
 * `, configFile);
 * const { context, input } = await pipelineInputFromConfig(config, {
 *   configFile,
 *   fs: nodeFileSystem,
 *   runner: nodeProcessRunner,
 *   openJournal: fileJournalStore,
 *   openBackend: async () => createCpuBackend(),
 * });
 * try {
 *   const result = await runPipeline(context, input);
 *   console.log(result.experts, result.soup.out.endsWith('run/soup')); // [ 'a', 'b' ] true
 * } finally {
 *   await context.backend.close();
 * }
 * ```
 */
export async function pipelineInputFromConfig(config: RunConfig, runtime: PipelineRuntime): Promise<ConfiguredPipeline> {
  const label = runtime.configLabel ?? runtime.configFile;
  const base = parentPath(runtime.configFile);
  const candidates: Record<string, string> = {};
  for (const [name, path] of Object.entries(config.candidates)) {
    const resolved = resolvePath(base, path);
    if ((await runtime.fs.kind(resolved)) === undefined) {
      throw new ConfigError(`${label}: candidates.${name}: ${path} does not exist; give a checkpoint directory or a .safetensors file`);
    }
    candidates[name] = resolved;
  }
  let scores: ScoreTable | undefined;
  if (config.scores !== undefined) {
    const path = resolvePath(base, config.scores);
    const kind = await runtime.fs.kind(path);
    if (kind !== 'file') throw new ConfigError(`${label}: scores: ${config.scores} ${kind === undefined ? 'does not exist' : 'is not a file'}; give the score table (CSV or JSON)`);
    scores = parseScoreTable(await runtime.fs.readText(path), config.scores, config.categories === undefined ? {} : { categories: config.categories });
  }
  const out = resolvePath(base, config.out);
  const slurm = config.executor.kind === 'slurm' ? config.executor : undefined;
  const executor = slurm && slurmExecutorFromConfig(config, slurm, { label, base, out, candidates, ...runtime });
  const backend = await runtime.openBackend(config.backend);
  const outDtype = config.outDtype === undefined ? undefined : parseFloatDtype(config.outDtype);
  const context: PipelineContext = {
    fs: runtime.fs,
    out,
    candidates,
    backend,
    evaluate: commandEvaluator(config.evaluator, runtime, joinPath(out, `${RUN_FILES.logs}/dev`), config.categories, config.search.concurrency),
    ...(config.testEvaluator === undefined
      ? {}
      : { evaluateTest: commandEvaluator(config.testEvaluator, runtime, joinPath(out, `${RUN_FILES.logs}/test`), config.categories, config.search.concurrency) }),
    openJournal: runtime.openJournal,
    objective: config.objective,
    concurrency: slurm?.maxJobs ?? config.search.concurrency,
    ...(executor === undefined ? {} : { executor }),
    keepSoups: config.keepSoups,
    ...(outDtype === undefined ? {} : { outDtype }),
    ...(runtime.onProgress === undefined ? {} : { onProgress: runtime.onProgress }),
    ...(runtime.signal === undefined ? {} : { signal: runtime.signal }),
  };
  const input: PipelineInput = {
    title: `SoCE run: ${label}`,
    ...(scores === undefined ? {} : { scores }),
    analysis: {
      population: config.population,
      ...(config.tau === undefined ? {} : { tau: config.tau }),
      mode: config.mode,
      method: config.method,
      ...(config.maxExperts === undefined ? {} : { maxExperts: config.maxExperts }),
    },
    ...(config.experts === undefined ? {} : { experts: config.experts }),
    search: searchSpecFromConfig(config),
    ...(config.search.budget === undefined ? {} : { budget: config.search.budget }),
    ...(config.evaluator.maxConsecutiveFailures === undefined ? {} : { maxConsecutiveFailures: config.evaluator.maxConsecutiveFailures }),
    ...(config.categories === undefined ? {} : { categories: config.categories }),
    tool: runtime.tool ?? SOCE_TOOL,
  };
  return { context, input };
}
