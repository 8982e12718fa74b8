import { floatDtypeBytes, type FloatDtype } from './dtype.ts';

/**
 * One weighted sum of same-shaped float tensors: the unit of work a {@link MergeBackend} does.
 * Inputs are raw little-endian bytes of `dtype`, all of the same length (they may sit at any
 * byte offset).
 */
export interface MergeJob {
  /** The tensors to combine, one per model, each `elements × bytes(dtype)` bytes. */
  readonly inputs: readonly Uint8Array[];
  /** The element type of every input. */
  readonly dtype: FloatDtype;
  /** One weight per input; rounded to f32 before use. */
  readonly weights: readonly number[];
  /** The element type of the result. */
  readonly outDtype: FloatDtype;
}

/**
 * Computes `out[i] = round(Σ_j w_j · x_j[i])`: inputs decoded exactly to f32, products and sums in
 * f32 in input order (`acc = w_0·x_0`, then `acc = acc + w_j·x_j`), the result rounded once to
 * `outDtype` with round-to-nearest-even. A backend may fuse multiply and add, so results of two
 * backends agree within one unit in the last place of `outDtype`.
 */
export interface MergeBackend {
  /** A short name for reports: `cpu`, `webgpu`. */
  readonly name: string;
  /** Returns the merged tensor's bytes in `job.outDtype`. */
  merge(job: MergeJob): Promise<Uint8Array>;
  /** Releases the backend's resources (GPU device, buffers); the backend is unusable afterwards. */
  close(): Promise<void>;
  /**
   * Optional: `count` buffers of `bytes` bytes each, in memory the backend computes on, for the
   * caller to read input chunks into; a job whose inputs all lie in one such set skips copying them
   * in. Results are the same either way. The buffers stay valid until `release()` or `close()`.
   */
  inputBuffers?(count: number, bytes: number): InputBuffers;
}

/** Buffers from {@link MergeBackend.inputBuffers}. */
export interface InputBuffers {
  /** The buffers, each of the size asked for. */
  readonly buffers: readonly Uint8Array[];
  /** Gives their memory back; they must not be used afterwards. */
  release(): void;
}

/**
 * The element count of `job`, after checking that its parts agree: at least one input, one finite
 * weight per input, inputs of one length in whole `dtype` elements. Every backend checks its jobs
 * with this one function, so they refuse the same jobs with the same words. A `RangeError`: a bad
 * job is a bug of the caller (`mergeCheckpoints` never builds one), not bad input.
 */
export function checkMergeJob(job: MergeJob): number {
  const { inputs, weights, dtype } = job;
  if (inputs.length === 0) throw new RangeError('a merge job needs at least one input');
  if (weights.length !== inputs.length) {
    throw new RangeError(`a merge job has ${inputs.length} inputs but ${weights.length} weights; give one weight per input`);
  }
  const bad = weights.findIndex((w) => !Number.isFinite(w));
  if (bad >= 0) throw new RangeError(`weight ${bad} of a merge job is ${weights[bad]}; weights must be finite`);
  const bytes = inputs[0]!.byteLength;
  const odd = inputs.findIndex((input) => input.byteLength !== bytes);
  if (odd >= 0) throw new RangeError(`input ${odd} of a merge job has ${inputs[odd]!.byteLength} bytes, input 0 has ${bytes}; inputs must have one shape`);
  const size = floatDtypeBytes(dtype);
  if (bytes % size !== 0) throw new RangeError(`merge inputs of ${bytes} bytes are not whole ${dtype} elements`);
  return bytes / size;
}
