/**
 * The streaming soup merge: validate everything, then write the soup tensor by tensor (in chunks)
 * under a temporary name and rename it into place.
 *
 * Memory: each tensor is processed in chunks of at most `chunkBytes` per input (1 MiB by default),
 * through a pipeline (see merge_pipeline.ts) of `threads + 2` slots, `threads` being the backend's
 * parallelism: while up to `threads` chunks are merged, the next is read and the one before is
 * written. Each slot holds one chunk per model and one result, so the buffers take
 * `(threads + 2) × (models + outBytes/inBytes) × chunkBytes` (12 MiB for 3 bf16 models on 1
 * thread, 16 MiB on 2) whatever the size of the model or of its largest tensor, allocated once.
 * They come from the backend when it lends them (`lendBuffers`), so the CPU kernel computes from
 * where the data was read into where it is written from, and the chunk is written straight from
 * there: each byte is copied only by the kernel's own reads and writes.
 * @module
 */
import { SOCE_TOOL } from '@soce/common';
import type { LentBuffers, MergeBackend } from './backend.ts';
import { openCheckpoint, INDEX_NAME, type Checkpoint, type CheckpointTensor } from './checkpoint.ts';
import { CheckpointError } from './checkpoint_error.ts';
import { floatDtypeBytes, isFloatDtype, type FloatDtype } from './dtype.ts';
import { writeTextFile, type ByteSink, type FileSystem } from './file_system.ts';
import { MergeAbortedError, MergeError } from './merge_error.ts';
import { planMerge, type MergePlan, type MissingTensorPolicy, type PlannedTensor } from './merge_plan.ts';
import { runPipeline } from './merge_pipeline.ts';
import type { MergeSettings } from './merge_settings.ts';
import { validateWeights, type ModelWeight } from './merge_weights.ts';
import { modelCard } from './model_card.ts';
import { openAll } from './open_all.ts';
import { baseName, joinPath, trimTrailingSlashes } from './paths.ts';
import { encodeSafetensorsHeader } from './safetensors_writer.ts';
import { checkOutputPlacement, OUTPUT_MARKER, readOutputMarker, removeMergeLeftovers, writeOutputMarker, type GuardedPath } from './output_directory.ts';
import { OutputDirectoryError } from './output_directory_error.ts';
import { copySoupFiles, findSoupFiles } from './soup_files.ts';
import { MERGEKIT_CONFIG_NAME, mergekitConfig, pathFromSoup, soupMetadata, soupProvenance } from './soup_provenance.ts';

/**
 * The default bytes read per input per step. Small enough that a step's buffers stay in the
 * processor's caches from the read through the arithmetic to the write: on a 2-core machine 1 MiB
 * merges in half the time of 4 MiB, whose buffers go to memory and back between each stage.
 */
export const DEFAULT_CHUNK_BYTES: number = 1024 * 1024;

/**
 * Steps in flight besides those being merged (as many as the backend computes at once): one being
 * read, one being written.
 */
const SLOTS_BESIDES_MERGES = 2;

/** The least time between two samples of `memoryProbe` during the stream. */
const MEMORY_SAMPLE_MS = 100;

/** How far a merge has got, reported after every chunk written. */
export interface MergeProgress {
  /** Bytes of tensor data written so far. */
  readonly bytesDone: number;
  /** Bytes of tensor data the soup will have. */
  readonly bytesTotal: number;
  /** Tensors completely written. */
  readonly tensorsDone: number;
  /** Tensors in the soup. */
  readonly tensorsTotal: number;
}

/** What to merge, where, and how. */
export interface MergeOptions extends MergeSettings {
  /** The ingredients: checkpoint paths and weights (validated; models of weight 0 are not read). */
  readonly models: readonly ModelWeight[];
  /** The soup's directory; it must not exist unless `overwrite`. */
  readonly out: string;
  /**
   * Does the arithmetic: a backend, or a function that opens one, called only once the inputs are
   * validated, so a bad input is reported before a GPU is probed. The caller closes the backend
   * either way (keep what the function returned to close it).
   */
  readonly backend: MergeBackend | (() => Promise<MergeBackend>);
  /** How messages name `copyFrom` (default: the path itself), e.g. as the user typed it. */
  readonly copyFromLabel?: string | undefined;
  /**
   * Replace an existing `out` (only once the new soup is complete), provided soce wrote it: a
   * directory without soce's marker ({@link OUTPUT_MARKER}) is never replaced.
   */
  readonly overwrite?: boolean | undefined;
  /**
   * Directories `out` may not be or contain, besides the inputs (which it may not be, contain or
   * lie inside): the CLI passes the working and the home directory.
   */
  readonly protect?: readonly GuardedPath[] | undefined;
  /** Bytes read per input per step (default 1 MiB): bounds memory, see the module comment. */
  readonly chunkBytes?: number | undefined;
  /** The tool recorded in the metadata and model card (default `SOCE_TOOL`, `soce <version>`). */
  readonly tool?: string | undefined;
  /** Called after every chunk written. */
  readonly onProgress?: ((progress: MergeProgress) => void) | undefined;
  /** Returns the process's memory use in bytes; sampled at the start, every 100 ms while streaming and at the end, for the summary's peak. */
  readonly memoryProbe?: (() => number) | undefined;
  /** Stops the merge between two chunks; the temporary directory is removed and nothing is published. */
  readonly signal?: AbortSignal | undefined;
}

/** What a merge did. */
export interface MergeSummary {
  /** The soup's directory. */
  readonly out: string;
  /** The ingredients actually read, with their normalised weights. */
  readonly models: readonly ModelWeight[];
  /** Tensors written. */
  readonly tensors: number;
  /** Of which averaged. */
  readonly merged: number;
  /** Of which copied (integer and boolean tensors). */
  readonly copied: number;
  /** The weight files written. */
  readonly shards: readonly string[];
  /** Tensor bytes read from the inputs (including the identity check of copied tensors). */
  readonly bytesRead: number;
  /** Bytes of weight files written (headers included). */
  readonly bytesWritten: number;
  /** Wall-clock seconds, from validation to the final rename. */
  readonly seconds: number;
  /** The backend's name. */
  readonly backend: string;
  /** The threads the backend computed on (its `parallelism`, 1 when it has none). */
  readonly threads: number;
  /** The largest value `memoryProbe` returned, if one was given. */
  readonly peakMemoryBytes: number | undefined;
  /** What killed merges to the same `out` had left (`<out>.tmp-*`, `<out>.old-*`), removed before this one. */
  readonly removedLeftovers: readonly string[];
}

/** One step of the stream: a byte range of one tensor in every source. */
interface Unit {
  readonly tensor: PlannedTensor<CheckpointTensor>;
  /** Offset into each source tensor. */
  readonly start: number;
  /** Bytes read from each source. */
  readonly length: number;
  /** Whether this is the tensor's last step. */
  readonly last: boolean;
}

function units(plan: MergePlan<CheckpointTensor>, chunkBytes: number): Unit[] {
  const result: Unit[] = [];
  for (const tensor of plan.tensors) {
    const inBytes = tensor.sources[0]!.tensor.byteLength;
    // A merged chunk must hold whole elements; a copied one may split anywhere.
    const element = tensor.action === 'merge' && isFloatDtype(tensor.inDtype) ? floatDtypeBytes(tensor.inDtype) : 1;
    const step = Math.max(element, chunkBytes - (chunkBytes % element));
    let start = 0;
    do {
      const length = Math.min(step, inBytes - start);
      result.push({ tensor, start, length, last: start + length === inBytes });
      start += length;
    } while (start < inBytes);
  }
  return result;
}

/** How many times larger a merged chunk's result can be than its inputs (2 for bf16 to f32). */
function widening(plan: MergePlan<CheckpointTensor>): number {
  return plan.tensors.reduce((max, t) => (t.action === 'merge' && isFloatDtype(t.inDtype) && isFloatDtype(t.dtype) ? Math.max(max, floatDtypeBytes(t.dtype) / floatDtypeBytes(t.inDtype)) : max), 1);
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

async function closeAll(checkpoints: readonly Checkpoint[]): Promise<void> {
  await Promise.allSettled(checkpoints.map((checkpoint) => checkpoint.close()));
}

/**
 * Refuses an output that overlaps an input or a protected directory, an existing output without
 * `overwrite`, and one that soce did not write with it.
 */
async function checkDestination(fs: FileSystem, out: string, options: MergeOptions, models: readonly ModelWeight[]): Promise<void> {
  if (out === '') throw new MergeError('output-exists', `"" cannot be a soup's directory; give a new directory path`);
  const inputs = [...models, ...(options.copyFrom === undefined ? [] : [{ model: options.copyFrom, label: options.copyFromLabel }])];
  await checkOutputPlacement(fs, out, {
    inputs: inputs.map((m) => ({ path: m.model, label: `the input ${m.label ?? m.model}` })),
    protect: options.protect,
  });
  if ((await fs.kind(out)) === undefined) return;
  if (options.overwrite !== true) throw new MergeError('output-exists', `${out} already exists; choose a new directory, or set overwrite to replace it`);
  await checkReplaceable(fs, out);
}

/** An existing `out` may be replaced only if it is a soup soce wrote. */
async function checkReplaceable(fs: FileSystem, out: string): Promise<void> {
  if ((await fs.kind(out)) === 'directory' && (await readOutputMarker(fs, out)) === 'soup') return;
  throw new OutputDirectoryError(
    'output-not-soce',
    out,
    `${out} exists and is not a soup written by soce (it has no ${OUTPUT_MARKER}); the overwrite option replaces only soce's own soups: move it away or choose a new directory`,
  );
}

/**
 * Integer and boolean tensors are never averaged: they must be byte-identical in every model. Read
 * them (chunk by chunk) before any output exists, so a mismatch fails fast and leaves nothing behind.
 */
async function checkCopiesIdentical(plan: MergePlan<CheckpointTensor>, checkpoints: readonly Checkpoint[], labels: readonly string[], chunkBytes: number): Promise<number> {
  let bytesRead = 0;
  const compared = plan.tensors.filter((tensor) => tensor.action === 'copy' && tensor.sources.length > 1);
  const bufferBytes = Math.min(chunkBytes, compared.reduce((max, t) => Math.max(max, t.sources[0]!.tensor.byteLength), 0));
  const [first, second] = [new Uint8Array(bufferBytes), new Uint8Array(bufferBytes)];
  for (const tensor of compared) {
    const [source, ...others] = tensor.sources;
    for (let start = 0; start < source!.tensor.byteLength; start += chunkBytes) {
      const length = Math.min(chunkBytes, source!.tensor.byteLength - start);
      const reference = await checkpoints[source!.model]!.read(source!.tensor, start, length, first);
      bytesRead += length;
      for (const other of others) {
        const bytes = await checkpoints[other.model]!.read(other.tensor, start, length, second);
        bytesRead += length;
        const at = bytes.findIndex((byte, i) => byte !== reference[i]);
        if (at >= 0) {
          const a = labels[source!.model]!;
          const b = labels[other.model]!;
          throw new MergeError('tensors-differ', `tensor ${tensor.name} (${tensor.inDtype}) differs between ${a} and ${b} (first at byte ${start + at}); ${tensor.inDtype} tensors are copied, never averaged, so they must be identical — merge checkpoints that agree on ${tensor.name}`);
        }
      }
    }
  }
  return bytesRead;
}

/** The float type every averaged tensor was written in, when `outDtype` was not asked for but all agree. */
function recipeDtype(plan: MergePlan<CheckpointTensor>, outDtype: FloatDtype | undefined): string {
  if (outDtype !== undefined) return outDtype;
  const dtypes = new Set(plan.tensors.filter((t) => t.action === 'merge').map((t) => t.dtype));
  return dtypes.size === 1 ? [...dtypes][0]! : 'as input';
}

/** Moves the finished soup into place; an existing destination is replaced only after that succeeds. */
async function publish(fs: FileSystem, tmp: string, out: string, overwrite: boolean): Promise<void> {
  if ((await fs.kind(out)) === undefined) {
    await fs.rename(tmp, out);
    return;
  }
  if (!overwrite) throw new MergeError('output-exists', `${out} appeared while merging; the soup is left in ${tmp}`);
  await checkReplaceable(fs, out);
  const old = `${out}.old-${randomSuffix()}`;
  await fs.rename(out, old);
  try {
    await fs.rename(tmp, out);
  } catch (error) {
    await fs.rename(old, out);
    throw error;
  }
  await fs.remove(old);
}

/**
 * Merges checkpoints into a soup at `options.out`: `out = Σ_j w_j · model_j` for every float tensor
 * (f32 accumulation, one rounding), integer and boolean tensors copied when identical. Weights,
 * tensor names, shapes, dtypes and integer tensors are all checked before anything is written; the
 * soup is written under `<out>.tmp-<random>` and renamed at the end, so a failed or interrupted merge
 * never leaves a partial checkpoint at `out`; a killed one leaves the temporary directory, which the
 * next merge to the same `out` removes (and reports in `removedLeftovers`). Run one merge per `out`
 * at a time (the CLI holds a lock). `out` may never be, contain or lie inside an input, and
 * `overwrite` replaces only a soup soce wrote (see `output_directory.ts`).
 * @example
 * ```ts
 * import { createCpuBackend, loadTensors, MemoryFileSystem, mergeCheckpoints, saveCheckpoint } from '@soce/tensors';
 *
 * // Files in memory here; `nodeFileSystem` (@soce/tensors/node) or `denoFileSystem` for a disk.
 * const fs = new MemoryFileSystem();
 * const f32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);
 * await saveCheckpoint(fs, '/models/a', [{ name: 'w', dtype: 'F32', shape: [2], data: f32([1, 2]) }]);
 * await saveCheckpoint(fs, '/models/b', [{ name: 'w', dtype: 'F32', shape: [2], data: f32([3, 4]) }]);
 *
 * const backend = createCpuBackend(); // or `(await selectBackend('auto', { acquireGpu })).backend`
 * const summary = await mergeCheckpoints(fs, {
 *   models: [{ model: '/models/a', weight: 0.75 }, { model: '/models/b', weight: 0.25 }],
 *   out: '/soup',
 *   backend,
 * });
 * await backend.close();
 * const soup = await loadTensors(fs, summary.out);
 * console.log(new Float32Array(soup.get('w')!.data.slice().buffer)); // [1.5, 2.5]
 * ```
 */
export async function mergeCheckpoints(fs: FileSystem, options: MergeOptions): Promise<MergeSummary> {
  const started = performance.now();
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 4) throw new RangeError(`chunkBytes must be an integer of at least 4, not ${chunkBytes}`);
  const tool = options.tool ?? SOCE_TOOL;
  const out = trimTrailingSlashes(options.out);
  const weights = validateWeights(options.models, options.normalize ?? false);
  const active = weights.filter((w) => w.weight > 0);
  await checkDestination(fs, out, options, weights);
  const filesFrom = options.copyFrom ?? ((await fs.kind(weights[0]!.model)) === 'directory' ? weights[0]!.model : undefined);
  const labels = active.map((w) => w.label ?? w.model);
  if (options.copyFrom !== undefined && (await fs.kind(options.copyFrom)) !== 'directory') {
    throw new CheckpointError('not-found', options.copyFrom, `${options.copyFrom} is not a directory; give the checkpoint directory to copy config and tokenizer files from`);
  }
  const sideFiles = filesFrom === undefined ? [] : await findSoupFiles(fs, filesFrom);
  let peakMemoryBytes: number | undefined;
  let sampled = -Infinity;
  const sampleMemory = (): void => {
    if (options.memoryProbe === undefined) return;
    sampled = performance.now();
    peakMemoryBytes = Math.max(peakMemoryBytes ?? 0, options.memoryProbe());
  };
  sampleMemory();

  const checkpoints = await openAll(active.map(({ model }) => openCheckpoint(fs, model)), (checkpoint) => checkpoint.close());
  try {
    const plan = planMerge(
      checkpoints.map((checkpoint, i) => ({ label: labels[i]!, weight: active[i]!.weight, tensors: checkpoint.tensors, config: checkpoint.config })),
      { outDtype: options.outDtype, missing: options.missing, maxShardBytes: options.maxShardBytes },
    );
    let bytesRead = await checkCopiesIdentical(plan, checkpoints, labels, chunkBytes);
    const backend = typeof options.backend === 'function' ? await options.backend() : options.backend;
    const provenance = soupProvenance(options, out, active, recipeDtype(plan, options.outDtype), tool);
    const metadata = soupMetadata(provenance);

    const removedLeftovers = await removeMergeLeftovers(fs, out);
    const tmp = `${out}.tmp-${randomSuffix()}`;
    await fs.mkdir(tmp);
    // First, so that a merge killed from here on leaves a directory the next one recognises.
    await writeOutputMarker(fs, tmp, 'soup', tool);
    let sink: ByteSink | undefined;
    let lent: LentBuffers | undefined;
    let bytesDone = 0;
    let tensorsDone = 0;
    try {
      let shard = -1;
      let bytesWritten = 0;
      const openNextShard = async (): Promise<void> => {
        await sink?.close();
        sink = undefined;
        shard += 1;
        const planned = plan.shards[shard]!;
        sink = await fs.create(joinPath(tmp, planned.name));
        const header = encodeSafetensorsHeader(planned.tensors, metadata, planned.name);
        await sink.write(header);
        bytesWritten += header.length;
      };
      const write = async (unit: Unit, bytes: Uint8Array): Promise<void> => {
        while (shard < unit.tensor.shard) await openNextShard();
        if (bytes.length > 0) await sink!.write(bytes);
        bytesWritten += bytes.length;
      };

      // Each slot of the pipeline has a buffer per model and one for the result, reused step after
      // step; from the backend when it lends memory it computes on (no copy in or out).
      const largest = plan.tensors.reduce((max, t) => Math.max(max, t.sources[0]!.tensor.byteLength), 0);
      const inputBytes = Math.max(1, Math.min(chunkBytes, largest));
      const outputBytes = inputBytes * widening(plan);
      const slotCount = SLOTS_BESIDES_MERGES + Math.max(1, backend.parallelism ?? 1);
      const sizes = Array.from({ length: slotCount }, () => [...checkpoints.map(() => inputBytes), outputBytes]).flat();
      lent = backend.lendBuffers?.(sizes);
      const slots = Array.from({ length: slotCount }, (_, slot) => {
        const at = slot * (checkpoints.length + 1);
        const buffers = lent?.buffers.slice(at, at + checkpoints.length + 1) ?? sizes.slice(at, at + checkpoints.length + 1).map((size) => new Uint8Array(size));
        return { inputs: buffers.slice(0, -1), output: buffers.at(-1)! };
      });
      /** What each slot's step writes: its result, or (for a copy) its first input. */
      const results: Uint8Array[] = Array.from({ length: slotCount }, () => new Uint8Array(0));

      // Created before the first reads are queued: behind them, on a runtime's I/O pool, the open
      // would hold up the first write (by ~25 ms on 2 cores, as the first reads fault in the buffers).
      await openNextShard();
      await runPipeline(units(plan, chunkBytes), slotCount, {
        read: async (unit, slot) => {
          const sources = unit.tensor.action === 'copy' ? unit.tensor.sources.slice(0, 1) : unit.tensor.sources;
          const inputs = await Promise.all(sources.map((source, j) => checkpoints[source.model]!.read(source.tensor, unit.start, unit.length, slots[slot]!.inputs[j])));
          bytesRead += inputs.reduce((sum, input) => sum + input.length, 0);
        },
        compute: async (unit, slot) => {
          const { tensor } = unit;
          const { inputs, output } = slots[slot]!;
          if (tensor.action === 'copy') {
            results[slot] = inputs[0]!.subarray(0, unit.length);
          } else if (unit.length === 0 || !isFloatDtype(tensor.inDtype) || !isFloatDtype(tensor.dtype)) {
            results[slot] = output.subarray(0, 0);
          } else {
            const elements = unit.length / floatDtypeBytes(tensor.inDtype);
            results[slot] = await backend.merge({
              inputs: inputs.slice(0, tensor.sources.length).map((input) => input.subarray(0, unit.length)),
              dtype: tensor.inDtype,
              outDtype: tensor.dtype,
              weights: tensor.sources.map((s) => s.weight),
              output: output.subarray(0, elements * floatDtypeBytes(tensor.dtype)),
            });
          }
          // A probe is a system call or more (Node reads /proc): a few per second are enough, as the
          // buffers are all allocated before the first step.
          if (performance.now() - sampled >= MEMORY_SAMPLE_MS) sampleMemory();
        },
        write: async (unit, slot) => {
          await write(unit, results[slot]!);
          bytesDone += results[slot]!.length;
          if (unit.last) tensorsDone += 1;
          options.onProgress?.({ bytesDone, bytesTotal: plan.totalBytes, tensorsDone, tensorsTotal: plan.tensors.length });
        },
      }, () => {
        if (options.signal?.aborted === true) throw new MergeAbortedError(`the merge was interrupted; nothing was written to ${out}`);
      });
      while (shard < plan.shards.length - 1) await openNextShard();
      await sink?.close();
      sink = undefined;

      if (plan.shards.length > 1) {
        const sorted = [...plan.tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const weightMap = Object.fromEntries(sorted.map((t) => [t.name, plan.shards[t.shard]!.name]));
        await writeTextFile(fs, joinPath(tmp, INDEX_NAME), `${JSON.stringify({ metadata: { total_size: plan.totalBytes }, weight_map: weightMap }, null, 2)}\n`);
      }
      const copiedNames = await copySoupFiles(fs, sideFiles, tmp, { floatDtype: plan.floatDtype, untieLmHead: plan.untiesLmHead });
      const merged = plan.tensors.filter((t) => t.action === 'merge').length;
      const copied = plan.tensors.length - merged;
      const copiedFiles = filesFrom === undefined ? undefined : { from: pathFromSoup(out, filesFrom), names: copiedNames };
      await writeTextFile(fs, joinPath(tmp, 'README.md'), modelCard({ title: baseName(out), provenance, merged, copied, copiedFiles, untiesLmHead: plan.untiesLmHead }));
      await writeTextFile(fs, joinPath(tmp, MERGEKIT_CONFIG_NAME), mergekitConfig(provenance));
      await publish(fs, tmp, out, options.overwrite ?? false);
      sampleMemory();
      return {
        out,
        models: active,
        tensors: plan.tensors.length,
        merged,
        copied,
        shards: plan.shards.map((s) => s.name),
        bytesRead,
        bytesWritten,
        seconds: (performance.now() - started) / 1000,
        backend: backend.name,
        threads: backend.parallelism ?? 1,
        peakMemoryBytes,
        removedLeftovers,
      };
    } catch (error) {
      await sink?.close().catch(() => undefined);
      await fs.remove(tmp).catch(() => undefined);
      throw error;
    } finally {
      // Last, as a failed run's stray reads may still land in these buffers (harmless: never reused).
      lent?.release();
    }
  } finally {
    await closeAll(checkpoints);
  }
}
