/**
 * How the WebGPU backend cuts one merge into GPU work: passes over groups of inputs (a shader stage
 * can bind only so many storage buffers), chunks of elements (a binding can cover only so many
 * bytes), and the workgroup grid of each dispatch (at most 65,535 workgroups per dimension).
 * Pure arithmetic, so the limits can be checked without a GPU.
 */

/**
 * Where a pass starts its sum: from the product of its first input (`acc = w_0·x_0`, exactly as the
 * CPU starts, so a lone `-0` product stays `-0`) or from the f32 accumulator an earlier pass wrote.
 */
export type PassStart = 'first-input' | 'accumulator';

/** Where a pass leaves its sum: in the f32 accumulator for a later pass, or rounded into the output. */
export type PassTarget = 'accumulator' | 'output';

/** One dispatch over a contiguous group of inputs, in input order. */
export interface MergePass {
  /** Index of the pass's first input in the job. */
  readonly first: number;
  /** How many inputs the pass reads (at least one). */
  readonly count: number;
  /** Where the pass's sum starts. */
  readonly start: PassStart;
  /** Where the pass's sum goes. */
  readonly target: PassTarget;
}

/**
 * Splits `inputs` into passes so each binds at most `maxStorageBuffers` storage buffers and reads at
 * most `maxInputsPerPass` inputs. Every pass binds its inputs and the list of pairs left to the exact
 * path; besides, a lone pass binds the output, the first of several the accumulator, a middle one
 * the accumulator (updated in place), and the last one both accumulator and output, so it has room
 * for one input fewer. The f32 accumulator holds the running sum exactly, so the passes add in the
 * same order as one long loop would.
 */
export function planPasses(inputs: number, maxStorageBuffers: number, maxInputsPerPass: number): readonly MergePass[] {
  if (!Number.isInteger(inputs) || inputs < 1) throw new RangeError(`a merge needs at least one input, got ${inputs}`);
  if (!Number.isInteger(maxStorageBuffers) || maxStorageBuffers < 4) {
    throw new RangeError(
      `a merge pass needs 4 storage buffers (input, accumulator, output, flagged pairs), the device allows ${maxStorageBuffers}`,
    );
  }
  if (!Number.isInteger(maxInputsPerPass) || maxInputsPerPass < 1) {
    throw new RangeError(`maxInputsPerPass must be a positive integer, got ${maxInputsPerPass}`);
  }
  const perPass = Math.min(maxInputsPerPass, maxStorageBuffers - 2);
  if (inputs <= perPass) return [{ first: 0, count: inputs, start: 'first-input', target: 'output' }];
  const lastMax = Math.min(maxInputsPerPass, maxStorageBuffers - 3);
  const passes: MergePass[] = [{ first: 0, count: perPass, start: 'first-input', target: 'accumulator' }];
  let next = perPass;
  while (inputs - next > lastMax) {
    const count = Math.min(perPass, inputs - next - 1);
    passes.push({ first: next, count, start: 'accumulator', target: 'accumulator' });
    next += count;
  }
  passes.push({ first: next, count: inputs - next, start: 'accumulator', target: 'output' });
  return passes;
}

/** A workgroup grid: `x · y` workgroups, each dimension within the device's limit. */
export interface DispatchGrid {
  /** Workgroups along x. */
  readonly x: number;
  /** Workgroups along y (1 unless `x` alone would exceed the limit). */
  readonly y: number;
}

/**
 * Lays `workgroups` out on a grid of at most `maxPerDimension` per side, as square-ish as needed and
 * with fewer than `y` idle workgroups; the kernel linearises `(x, y)` and skips the overhang.
 */
export function planDispatch(workgroups: number, maxPerDimension: number): DispatchGrid {
  if (!Number.isInteger(workgroups) || workgroups < 1) throw new RangeError(`a dispatch needs at least one workgroup, got ${workgroups}`);
  if (!Number.isInteger(maxPerDimension) || maxPerDimension < 1) {
    throw new RangeError(`maxPerDimension must be a positive integer, got ${maxPerDimension}`);
  }
  const y = Math.ceil(workgroups / maxPerDimension);
  if (y > maxPerDimension) {
    throw new RangeError(`${workgroups} workgroups do not fit a ${maxPerDimension}×${maxPerDimension} grid; use smaller chunks`);
  }
  return { x: Math.ceil(workgroups / y), y };
}

/** The byte sizes and limits that bound a chunk. */
export interface ChunkLimits {
  /** Bytes per element pair of the inputs (a pair is one 32-bit word of f16/bf16, two words of f32). */
  readonly inputPairBytes: number;
  /** Bytes per element pair of the widest buffer a pass writes (f32 accumulator or output). */
  readonly widestPairBytes: number;
  /** How many inputs share one chunk buffer, one aligned segment each. */
  readonly inputs: number;
  /** Largest storage binding, in bytes. */
  readonly maxBindingBytes: number;
  /** Largest buffer, in bytes. */
  readonly maxBufferBytes: number;
  /** Alignment of storage-binding offsets, in bytes. */
  readonly offsetAlignment: number;
  /** Largest chunk the caller wants, in elements (smaller chunks overlap upload and compute sooner). */
  readonly preferredElements: number;
  /** Pairs one dispatch can cover: workgroups per dimension squared, times invocations per workgroup. */
  readonly maxDispatchPairs: number;
}

/**
 * The largest even element count per chunk such that every binding fits `maxBindingBytes`, the
 * inputs' aligned segments together fit one buffer, and one dispatch covers the chunk. Even, so a
 * chunk boundary never splits a packed 16-bit pair.
 */
export function chunkElements(limits: ChunkLimits): number {
  const { inputPairBytes, widestPairBytes, inputs, maxBindingBytes, maxBufferBytes, offsetAlignment, preferredElements } = limits;
  const segmentBytes = Math.floor(maxBufferBytes / inputs / offsetAlignment) * offsetAlignment;
  const pairs = Math.min(
    Math.floor(maxBindingBytes / Math.max(inputPairBytes, widestPairBytes)),
    Math.floor(segmentBytes / inputPairBytes),
    Math.floor(preferredElements / 2),
    limits.maxDispatchPairs,
  );
  if (pairs < 1) {
    throw new RangeError(
      `no chunk fits: ${inputs} inputs in a ${maxBufferBytes}-byte buffer with ${maxBindingBytes}-byte bindings`,
    );
  }
  return pairs * 2;
}

/** A contiguous range of elements processed by one round of passes. */
export interface Chunk {
  /** Index of the chunk's first element. */
  readonly start: number;
  /** Elements in the chunk (all chunks but the last have the full size). */
  readonly count: number;
}

/** Cuts `elements` into consecutive chunks of `size` elements, the last one shorter if need be. */
export function planChunks(elements: number, size: number): readonly Chunk[] {
  const chunks: Chunk[] = [];
  for (let start = 0; start < elements; start += size) chunks.push({ start, count: Math.min(size, elements - start) });
  return chunks;
}

/** Rounds `bytes` up to a multiple of `alignment`. */
export function alignUp(bytes: number, alignment: number): number {
  return Math.ceil(bytes / alignment) * alignment;
}
