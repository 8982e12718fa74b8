import { dirname, isAbsolute, resolve } from 'node:path';
import { createCommandEvaluator, parseRunConfig, type EvaluatorConfig, type PipelineContext, type PipelineEvent, type RunConfig } from '@soce/core';
import { nodeProcessRunner } from '@soce/core/node';
import type { SearchSpec } from '@soce/search';
import { fileJournalStore } from '@soce/search/node';
import { parseScoreTable, type ScoreTable } from '@soce/stats';
import { joinPath, type FloatDtype, type MergeBackend } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { openMergeBackend } from './merge_backend.ts';
import { readInputFile } from './text_file.ts';
import { UsageError } from './usage_error.ts';

/** A run configuration with every path resolved against the config file's directory. */
export interface LoadedRun {
  /** The validated configuration. */
  readonly config: RunConfig;
  /** The config file as given, for messages. */
  readonly source: string;
  /** Candidate name → absolute checkpoint path. */
  readonly candidates: Readonly<Record<string, string>>;
  /** The run's directory, absolute. */
  readonly out: string;
  /** The score table, when the config names one. */
  readonly scores: ScoreTable | undefined;
}

const DTYPES: Record<string, FloatDtype> = { bf16: 'BF16', f16: 'F16', f32: 'F32' };

/** Reads and validates `soce.yaml`; checkpoints that do not exist are bad input, named by key. */
export async function loadRun(cwd: string, file: string): Promise<LoadedRun> {
  const config = parseRunConfig(await readInputFile(cwd, file, '--config'), file);
  const base = dirname(resolve(cwd, file));
  const at = (path: string): string => (isAbsolute(path) ? path : resolve(base, path));
  const candidates: Record<string, string> = {};
  for (const [name, path] of Object.entries(config.candidates)) {
    const absolute = at(path);
    if ((await nodeFileSystem.kind(absolute)) === undefined) {
      throw new UsageError(`${file}: candidates.${name}: ${path} does not exist; give a checkpoint directory or a .safetensors file`);
    }
    candidates[name] = absolute;
  }
  let scores: ScoreTable | undefined;
  if (config.scores !== undefined) {
    const text = await readInputFile(base, config.scores, `${file}: scores`);
    scores = parseScoreTable(text, config.scores, config.categories === undefined ? {} : { categories: config.categories });
  }
  return { config, source: file, candidates, out: at(config.out), scores };
}

function evaluatorFrom(config: EvaluatorConfig, workDir: string, categories: readonly string[] | undefined) {
  return createCommandEvaluator({
    argv: config.command,
    timeoutSeconds: config.timeout,
    retries: config.retries,
    format: config.format,
    categories,
    metrics: config.metrics,
    model: config.model,
    runner: nodeProcessRunner,
    fs: nodeFileSystem,
    workDir,
  });
}

/** The pipeline's context for a loaded run: Node files, journals and processes, the chosen backend. */
export async function runContext(run: LoadedRun, onProgress: (event: PipelineEvent) => void, signal?: AbortSignal): Promise<PipelineContext & { backend: MergeBackend }> {
  const { config } = run;
  const backend = await openMergeBackend(config.backend);
  return {
    fs: nodeFileSystem,
    out: run.out,
    candidates: run.candidates,
    backend,
    evaluate: evaluatorFrom(config.evaluator, joinPath(run.out, 'evaluations/dev'), config.categories),
    ...(config.testEvaluator === undefined ? {} : { evaluateTest: evaluatorFrom(config.testEvaluator, joinPath(run.out, 'evaluations/test'), config.categories) }),
    openJournal: fileJournalStore,
    objective: config.objective,
    concurrency: config.search.concurrency,
    keepSoups: config.keepSoups,
    ...(config.outDtype === undefined ? {} : { outDtype: DTYPES[config.outDtype]! }),
    onProgress,
    ...(signal === undefined ? {} : { signal }),
  };
}

/** The weight search `soce.yaml` asks for, in the search package's terms. */
export function searchSpecOf(config: RunConfig): SearchSpec {
  return {
    strategy: config.search.strategy,
    step: config.search.step,
    bounds: { min: config.search.min, max: config.search.max },
  };
}
