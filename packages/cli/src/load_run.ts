import { resolve } from 'node:path';
import { SOCE_TOOL } from '@soce/common';
import { parseRunConfig, pipelineInputFromConfig, type ConfiguredPipeline, type PipelineEvent, type RunConfig } from '@soce/core';
import { nodeProcessRunner } from '@soce/core/node';
import { fileJournalStore } from '@soce/search/node';
import { nodeFileSystem } from '@soce/tensors/node';
import { openMergeBackend } from './merge_backend.ts';
import { readInputFile } from './text_file.ts';

/** A `soce.yaml` read, validated and made ready to run, with the configuration it came from. */
export interface LoadedRun extends ConfiguredPipeline {
  /** The validated configuration. */
  readonly config: RunConfig;
}

/**
 * Reads `--config FILE` (relative to `cwd`) and turns it into the pipeline's context and input
 * with Node's files, processes and journals (see `pipelineInputFromConfig`). Close
 * `context.backend` when done.
 */
export async function loadRun(cwd: string, file: string, onProgress: (event: PipelineEvent) => void, signal?: AbortSignal): Promise<LoadedRun> {
  const config = parseRunConfig(await readInputFile(cwd, file, '--config'), file);
  const { context, input } = await pipelineInputFromConfig(config, {
    configFile: resolve(cwd, file),
    configLabel: file,
    fs: nodeFileSystem,
    runner: nodeProcessRunner,
    openJournal: fileJournalStore,
    openBackend: openMergeBackend,
    onProgress,
    ...(signal === undefined ? {} : { signal }),
    tool: SOCE_TOOL,
  });
  return { config, context, input };
}
