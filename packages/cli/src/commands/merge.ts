import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import process from 'node:process';
import { InvalidArgumentError, Option } from 'commander';
import { SOCE_TOOL } from '@soce/common';
import {
  BACKEND_KINDS,
  DEFAULT_MAX_SHARD_BYTES,
  FLOAT_DTYPE_NAMES,
  mergeCheckpoints,
  parseByteSize,
  parseFloatDtype,
  type BackendChoice,
  type BackendKind,
  type FloatDtypeName,
  type MergeBackend,
  type MergeSettings,
  type ModelWeight,
} from '@soce/tensors';
import { nodeFileSystem, nodeWorkers } from '@soce/tensors/node';
import { chooseMergeBackend } from '../merge_backend.ts';
import { createProgressDisplay } from '../merge_progress.ts';
import { parseMergeRecipe, parseModelOption, type MergeRecipe } from '../merge_recipe.ts';
import { InterruptedError } from '../interrupted_error.ts';
import { listenForInterrupts } from '../interrupts.ts';
import { formatMergeReport, mergeReportJson } from '../merge_report.ts';
import { acquireOutputLock, tookOverMessage, type OutputLock } from '../output_lock.ts';
import { protectedDirectories } from '../run_directory.ts';
import { readInputFile } from '../text_file.ts';
import { UsageError } from '../usage_error.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../output_format.ts';
import type { RegisterCommand } from './register_command.ts';

const EXAMPLE = `
Example (the SoCE paper's BFCL 8B soup):
  $ soce merge --out soup/ --model ./xLAM-2-8b-fc-r:0.7 --model ./ToolACE-2-8B:0.2 --model ./watt-tool-8B:0.1

Each PATH is a checkpoint directory (model.safetensors, or shards with model.safetensors.index.json)
or a single .safetensors file; the weight follows the last colon. Weights must sum to 1 unless
--normalize. Every float tensor is Σ w·model in f32, rounded once to the output dtype; integer and
boolean tensors are copied and must be identical in every model. A tensor missing from some model
is an error unless --allow-missing; a model without lm_head.weight whose config.json says
tie_word_embeddings: true contributes its input embedding instead (and the soup is untied).
config.json, tokenizer and generation files come from the first model (or --copy-from), never
through a link out of it (Hugging Face cache blobs excepted), with their permissions. The soup is
written under a temporary name next to --out and renamed when complete; Ctrl-C or SIGTERM stops
cleanly (exit 130 or 143), and what a killed merge left (OUT.tmp-*) is removed by the next one.
--out may not be, contain or lie inside an input, nor be or contain the working or home
directory; --overwrite replaces only a soup soce wrote (it holds .soce-output.json). OUT.lock
keeps two merges from writing one OUT at once.

--config FILE takes a recipe instead of --model flags: soce's own YAML
  models: [{ path: ./a, weight: 0.7 }, { path: ./b, weight: 0.3 }]
  normalize, out, out_dtype (bf16|f16|f32), shard_size, copy_from, missing (error|merge-present),
  backend, threads, base_model
or a mergekit file with merge_method: linear (models[].model, models[].parameters.weight,
parameters.normalize — true unless set, as in mergekit —, dtype, out_dtype, base_model), such as
the mergekit_config.yml soce writes beside every soup. Paths in a recipe are relative to its
directory. Other merge methods, slices, tokenizer_source and per-tensor weights are refused by
name. Flags override the recipe.
Every soup gets README.md (a model card with Hugging Face front matter) and mergekit_config.yml
(its recipe); both name the models and their paths relative to the soup.
--format json prints { out, models, tensors, merged, copied, shards, bytesRead, bytesWritten,
seconds, backend, backendReason, peakMemoryBytes, removedLeftovers }.
Exit codes: 0 ok, 1 failure while running, 2 bad usage or bad input (nothing is written).
`;

/** The flags of `soce merge`; those that are merge settings become {@link MergeSettings}. */
interface MergeFlags extends Pick<MergeSettings, 'normalize' | 'copyFrom'> {
  readonly out?: string;
  readonly model?: ModelWeight[];
  readonly config?: string;
  readonly backend?: BackendKind;
  readonly outDtype?: FloatDtypeName;
  readonly shardSize?: string;
  readonly allowMissing?: boolean;
  readonly overwrite?: boolean;
  readonly threads?: number;
  readonly format: OutputFormat;
}

/** `--threads`: a whole number, at least 1 (commander reports the error with the flag's name). */
function parseThreads(value: string): number {
  const threads = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || threads < 1) throw new InvalidArgumentError('give a whole number of threads, at least 1.');
  return threads;
}

function collectModel(value: string, previous: ModelWeight[] | undefined): ModelWeight[] {
  return [...(previous ?? []), parseModelOption(value)];
}

/** The recipe of `--config` or of the `--model` flags, and the directory its relative paths start from. */
async function recipeFrom(flags: MergeFlags, cwd: string): Promise<{ recipe: MergeRecipe; base: string }> {
  if (flags.config !== undefined && flags.model !== undefined) throw new UsageError('give either --config or --model flags, not both');
  if (flags.config !== undefined) {
    const recipe = parseMergeRecipe(await readInputFile(cwd, flags.config, '--config'), flags.config);
    return { recipe, base: dirname(resolve(cwd, flags.config)) };
  }
  if (flags.model === undefined) throw new UsageError('nothing to merge: give --model PATH:WEIGHT at least once, or --config FILE');
  return { recipe: { models: flags.model }, base: cwd };
}

/** The recipe's settings with the flags' over them; paths resolved (the recipe's against its directory). */
function settingsFrom(flags: MergeFlags, recipe: MergeRecipe, base: string, cwd: string): MergeSettings {
  return {
    normalize: (flags.normalize ?? false) || (recipe.normalize ?? false),
    outDtype: flags.outDtype === undefined ? recipe.outDtype : parseFloatDtype(flags.outDtype),
    missing: (flags.allowMissing ?? false) ? 'merge-present' : recipe.missing,
    maxShardBytes: flags.shardSize === undefined ? (recipe.maxShardBytes ?? DEFAULT_MAX_SHARD_BYTES) : parseByteSize(flags.shardSize),
    copyFrom: flags.copyFrom !== undefined ? resolve(cwd, flags.copyFrom) : recipe.copyFrom === undefined ? undefined : resolve(base, recipe.copyFrom),
    baseModel: recipe.baseModel,
  };
}

/**
 * `soce merge`: souping checkpoints — a weighted average of their tensors — into a new checkpoint,
 * streaming tensor by tensor.
 */
export const registerMerge: RegisterCommand = (program, io) => {
  program
    .command('merge')
    .description('Merge checkpoints into a soup: a weighted average of their weights, tensor by tensor')
    .option('--out <dir>', 'the soup\'s directory (must not exist unless --overwrite)')
    .option('--model <path:weight>', 'a checkpoint and its weight; repeat for each model', collectModel)
    .option('--config <file>', 'a recipe: soce YAML, or mergekit YAML with merge_method: linear')
    .option('--normalize', 'divide the weights by their sum instead of requiring them to sum to 1')
    .addOption(new Option('--backend <backend>', 'where the arithmetic runs: auto takes a hardware GPU if there is one (default: auto)').choices(BACKEND_KINDS))
    .addOption(new Option('--out-dtype <dtype>', 'the float type of the soup (default: each tensor keeps its type)').choices(FLOAT_DTYPE_NAMES))
    .option('--shard-size <size>', 'the largest shard, e.g. 5GB, 500MB, 2GiB (default: 5GB)')
    .option('--copy-from <path>', 'the checkpoint directory config and tokenizer files are copied from (default: the first model)')
    .option('--allow-missing', 'merge a tensor some models lack from the models that have it, renormalising their weights')
    .option('--overwrite', 'replace an existing --out directory once the new soup is complete')
    .option('--threads <n>', 'threads of the CPU backend (default: the cores left once file I/O has half of them, 1 to 4)', parseThreads)
    .addOption(new Option('--format <format>', 'summary format').choices(OUTPUT_FORMATS).default('table'))
    .addHelpText('after', EXAMPLE)
    .action(async (flags: MergeFlags) => {
      const { recipe, base } = await recipeFrom(flags, io.cwd);
      const outText = flags.out ?? recipe.out;
      const out = flags.out !== undefined ? resolve(io.cwd, flags.out) : recipe.out === undefined ? undefined : resolve(base, recipe.out);
      if (out === undefined || outText === undefined) throw new UsageError('--out is required: the directory the soup is written to');
      const settings = settingsFrom(flags, recipe, base, io.cwd);
      const models = recipe.models.map((m) => ({ model: resolve(base, m.model), weight: m.weight, label: m.model }));
      // The backend is chosen once the inputs are valid, so a bad input is reported before any
      // GPU probe (whose drivers may print to stderr).
      let choice: BackendChoice | undefined;
      const backend = async (): Promise<MergeBackend> => (choice = await chooseMergeBackend(flags.backend ?? recipe.backend ?? 'auto', flags.threads ?? recipe.threads)).backend;
      const progress = createProgressDisplay(io);
      // The first Ctrl-C or SIGTERM stops the merge cleanly (no temporary directory left); a second one exits at once.
      const interrupts = listenForInterrupts();
      let lock: OutputLock | undefined;
      try {
        // The lock sits beside OUT; a parent that does not exist yet holds no leftovers to guard.
        if (existsSync(dirname(out))) {
          lock = await acquireOutputLock(`${out}.lock`, out, `soce merge --out ${outText}`);
          if (lock.tookOverFrom !== undefined) io.err(tookOverMessage(`${out}.lock`, lock.tookOverFrom));
        }
        const summary = await mergeCheckpoints(nodeFileSystem, {
          ...settings,
          copyFromLabel: flags.copyFrom ?? recipe.copyFrom,
          models,
          out,
          backend,
          overwrite: flags.overwrite ?? false,
          protect: protectedDirectories(io.cwd),
          tool: SOCE_TOOL,
          onProgress: (p) => progress.update(p),
          memoryProbe: () => process.memoryUsage.rss(),
          signal: interrupts.signal,
        });
        progress.stop();
        for (const leftover of summary.removedLeftovers) io.err(`soce: removed ${leftover}, left by a merge that was stopped before it finished\n`);
        const reason = choice?.reason ?? '';
        const ioThreads = nodeWorkers.ioThreads();
        io.out(flags.format === 'json' ? mergeReportJson(summary, reason, ioThreads) : formatMergeReport(summary, reason, ioThreads));
      } catch (error) {
        const signal = interrupts.received();
        if (signal === undefined) throw error;
        throw new InterruptedError(signal, `interrupted by ${signal}; nothing was written to ${out}: run the same command again to merge`);
      } finally {
        interrupts.dispose();
        progress.stop();
        await lock?.release();
        await choice?.backend.close();
      }
    });
};
