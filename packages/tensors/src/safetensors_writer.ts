import { DTYPE_BITS, type Dtype } from './dtype.ts';
import type { ByteSink } from './file_system.ts';
import { HEADER_PREFIX_BYTES } from './safetensors_header.ts';
import { SafetensorsError } from './safetensors_error.ts';

/** A tensor's name, type and shape: what a header says about it. */
export interface TensorLayout {
  /** The tensor's name (unique in a file; not `__metadata__`). */
  readonly name: string;
  /** Its element type. */
  readonly dtype: Dtype;
  /** Its dimensions; `[]` for a scalar. */
  readonly shape: readonly number[];
}

/** A tensor with its raw little-endian bytes. */
export interface Tensor extends TensorLayout {
  /** `product(shape) × bits(dtype) / 8` bytes. */
  readonly data: Uint8Array;
}

/** The byte length a tensor of `layout` must have, or a {@link SafetensorsError} when it has none. */
export function tensorByteLength(layout: TensorLayout, file = 'safetensors output'): number {
  let elements = 1;
  for (const dim of layout.shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw new SafetensorsError('bad-shape', file, `${file}: tensor ${layout.name} has shape [${layout.shape.join(', ')}]; dimensions must be non-negative integers`, layout.name);
    }
    elements *= dim;
  }
  const bits = elements * DTYPE_BITS[layout.dtype];
  if (!Number.isSafeInteger(bits) || bits % 8 !== 0) {
    throw new SafetensorsError('partial-byte', file, `${file}: tensor ${layout.name} (${layout.dtype}, shape [${layout.shape.join(', ')}]) does not fill a whole number of bytes`, layout.name);
  }
  return bits / 8;
}

/**
 * The header of a safetensors file whose tensors' data follow in the order given: the 8-byte length,
 * then the JSON padded with spaces so the data section starts 8-byte aligned, as the reference
 * writer does. `__metadata__` is written only when `metadata` has entries.
 */
export function encodeSafetensorsHeader(tensors: readonly TensorLayout[], metadata: Readonly<Record<string, string>> = {}, file = 'safetensors output'): Uint8Array {
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (Object.keys(metadata).length > 0) header['__metadata__'] = { ...metadata };
  let offset = 0;
  for (const tensor of tensors) {
    if (tensor.name === '__metadata__' || Object.hasOwn(header, tensor.name)) {
      throw new SafetensorsError('duplicate-tensor', file, `${file}: tensor name ${tensor.name} is ${tensor.name === '__metadata__' ? 'reserved' : 'used twice'}; give every tensor a unique name`, tensor.name);
    }
    const length = tensorByteLength(tensor, file);
    header[tensor.name] = { dtype: tensor.dtype, shape: [...tensor.shape], data_offsets: [offset, offset + length] };
    offset += length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(HEADER_PREFIX_BYTES + padded).fill(0x20, HEADER_PREFIX_BYTES + json.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(padded), true);
  bytes.set(json, HEADER_PREFIX_BYTES);
  return bytes;
}

function checkData(tensor: Tensor, file: string): void {
  const expected = tensorByteLength(tensor, file);
  if (tensor.data.length !== expected) {
    throw new SafetensorsError('size-mismatch', file, `${file}: tensor ${tensor.name} (${tensor.dtype}, shape [${tensor.shape.join(', ')}]) needs ${expected} bytes but has ${tensor.data.length}`, tensor.name);
  }
}

/** Writes a whole safetensors file to `sink` (which the caller closes). */
export async function writeSafetensors(sink: ByteSink, tensors: readonly Tensor[], metadata: Readonly<Record<string, string>> = {}): Promise<void> {
  for (const tensor of tensors) checkData(tensor, 'safetensors output');
  await sink.write(encodeSafetensorsHeader(tensors, metadata));
  for (const tensor of tensors) if (tensor.data.length > 0) await sink.write(tensor.data);
}

/** A whole safetensors file in memory: for small models and tests. */
export function encodeSafetensors(tensors: readonly Tensor[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  for (const tensor of tensors) checkData(tensor, 'safetensors output');
  const header = encodeSafetensorsHeader(tensors, metadata);
  const bytes = new Uint8Array(header.length + tensors.reduce((sum, tensor) => sum + tensor.data.length, 0));
  bytes.set(header);
  let offset = header.length;
  for (const tensor of tensors) {
    bytes.set(tensor.data, offset);
    offset += tensor.data.length;
  }
  return bytes;
}
