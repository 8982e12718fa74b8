/**
 * The safetensors header, parsed and validated exactly as the reference implementation
 * (huggingface/safetensors 0.8.0) does before it touches any tensor data: an 8-byte little-endian
 * length, that many bytes of UTF-8 JSON (padded with spaces), then the raw little-endian data,
 * which the tensors' `data_offsets` must tile exactly. The JSON rules are in `safetensors_json.ts`.
 * @module
 */
import { z } from 'zod';
import { DTYPE_BITS, isDtype, type Dtype } from './dtype.ts';
import { SafetensorsError } from './safetensors_error.ts';
import { parseHeaderJson } from './safetensors_json.ts';

/** The largest header accepted: the reference implementation's limit, so a hostile length cannot make us allocate. */
export const MAX_HEADER_BYTES = 100_000_000;

/** Bytes before the JSON header: its length as a little-endian u64. */
export const HEADER_PREFIX_BYTES = 8;

/** One tensor of a safetensors file: where its bytes are and how to read them. */
export interface TensorInfo {
  /** The tensor's name. */
  readonly name: string;
  /** Its element type. */
  readonly dtype: Dtype;
  /** Its dimensions; `[]` for a scalar, and any `0` makes it empty. */
  readonly shape: readonly number[];
  /** Where its bytes start, counted from the start of the file. */
  readonly offset: number;
  /** How many bytes it has (`product(shape) × bits(dtype) / 8`). */
  readonly byteLength: number;
}

/** A validated header. */
export interface SafetensorsHeader {
  /** The tensors, in the order of their data in the file. */
  readonly tensors: readonly TensorInfo[];
  /** The `__metadata__` strings (an empty object when there are none). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Where the data section starts: 8 plus the header length. */
  readonly dataOffset: number;
}

const FIX_CORRUPT = 're-download or re-export the file';

/**
 * Reads the header length from the file's first 8 bytes and checks it against the size cap and the
 * file size, so the header itself can be read without trusting the file.
 */
export function readHeaderLength(prefix: Uint8Array, fileSize: number, file: string): number {
  if (fileSize < HEADER_PREFIX_BYTES || prefix.length < HEADER_PREFIX_BYTES) {
    throw new SafetensorsError('file-too-small', file, `${file}: ${fileSize} bytes is too small for a safetensors file (it starts with an 8-byte header length); ${FIX_CORRUPT}`);
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, HEADER_PREFIX_BYTES);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const length = high * 2 ** 32 + low;
  if (length > MAX_HEADER_BYTES) {
    throw new SafetensorsError('header-too-large', file, `${file}: the header claims ${length} bytes, more than the ${MAX_HEADER_BYTES}-byte limit; this is not a safetensors file or it is corrupt (${FIX_CORRUPT})`);
  }
  if (HEADER_PREFIX_BYTES + length > fileSize) {
    throw new SafetensorsError('header-past-end', file, `${file}: the header claims ${length} bytes but the file has only ${fileSize - HEADER_PREFIX_BYTES} after the length; the file is truncated (${FIX_CORRUPT})`);
  }
  return length;
}

const offsetSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const entrySchema = z.object({
  dtype: z.string(),
  shape: z.array(offsetSchema),
  data_offsets: z.tuple([offsetSchema, offsetSchema]),
});

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid entry';
  const where = issue.path.length > 0 ? `field ${issue.path.join('.')}` : 'entry';
  return `${where}: ${issue.message}`;
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  // A null prototype keeps a key like "__proto__" an ordinary entry.
  const metadata: Record<string, string> = Object.create(null) as Record<string, string>;
  // The reference reads `__metadata__` as an optional map, so `null` means none.
  if (value === null) return metadata;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new SafetensorsError('bad-metadata', file, `${file}: __metadata__ must be an object of strings; ${FIX_CORRUPT}`);
  }
  for (const [key, text] of Object.entries(value)) {
    if (typeof text !== 'string') {
      throw new SafetensorsError('bad-metadata', file, `${file}: __metadata__.${key} is a ${typeof text}, but metadata values must be strings; ${FIX_CORRUPT}`);
    }
    metadata[key] = text;
  }
  return metadata;
}

function elementCount(name: string, shape: readonly number[], file: string): number {
  let count = 1;
  for (const dim of shape) {
    count *= dim;
    if (count > Number.MAX_SAFE_INTEGER) {
      throw new SafetensorsError('bad-shape', file, `${file}: tensor ${name} has shape [${shape.join(', ')}], whose element count overflows; ${FIX_CORRUPT}`, name);
    }
  }
  return count;
}

function parseEntry(name: string, value: unknown, dataOffset: number, dataSize: number, file: string): TensorInfo {
  const parsed = entrySchema.safeParse(value);
  if (!parsed.success) {
    const shapeIssue = parsed.error.issues.some((issue) => issue.path[0] === 'shape');
    const offsetIssue = parsed.error.issues.some((issue) => issue.path[0] === 'data_offsets');
    const code = shapeIssue ? 'bad-shape' : offsetIssue ? 'bad-offsets' : 'bad-tensor-entry';
    throw new SafetensorsError(code, file, `${file}: tensor ${name}: ${describeIssue(parsed.error)} (an entry is {"dtype": "BF16", "shape": [2, 3], "data_offsets": [begin, end]}); ${FIX_CORRUPT}`, name);
  }
  const { dtype, shape, data_offsets: [begin, end] } = parsed.data;
  if (!isDtype(dtype)) {
    throw new SafetensorsError('unknown-dtype', file, `${file}: tensor ${name} has dtype ${JSON.stringify(dtype)}, which safetensors does not define; ${FIX_CORRUPT}`, name);
  }
  if (end < begin || end > dataSize) {
    throw new SafetensorsError('bad-offsets', file, `${file}: tensor ${name} has data_offsets [${begin}, ${end}] outside the ${dataSize}-byte data section; ${FIX_CORRUPT}`, name);
  }
  const bits = elementCount(name, shape, file) * DTYPE_BITS[dtype];
  if (bits % 8 !== 0) {
    throw new SafetensorsError('partial-byte', file, `${file}: tensor ${name} (${dtype}, shape [${shape.join(', ')}]) does not fill a whole number of bytes; ${FIX_CORRUPT}`, name);
  }
  if (bits / 8 !== end - begin) {
    throw new SafetensorsError('size-mismatch', file, `${file}: tensor ${name} (${dtype}, shape [${shape.join(', ')}]) needs ${bits / 8} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}; ${FIX_CORRUPT}`, name);
  }
  return { name, dtype, shape, offset: dataOffset + begin, byteLength: end - begin };
}

/**
 * Parses and validates a header: `json` is the `headerLength` bytes after the 8-byte prefix and
 * `fileSize` the whole file's size, which the data section must fill exactly.
 */
export function parseSafetensorsHeader(json: Uint8Array, fileSize: number, file: string): SafetensorsHeader {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(json);
  } catch {
    throw new SafetensorsError('header-not-utf8', file, `${file}: the header is not valid UTF-8; ${FIX_CORRUPT}`);
  }
  const value = parseHeaderJson(text, file);
  const dataOffset = HEADER_PREFIX_BYTES + json.length;
  const dataSize = fileSize - dataOffset;
  let metadata: Record<string, string> = Object.create(null) as Record<string, string>;
  const tensors: TensorInfo[] = [];
  for (const [name, entry] of Object.entries(value)) {
    if (name === '__metadata__') metadata = parseMetadata(entry, file);
    else tensors.push(parseEntry(name, entry, dataOffset, dataSize, file));
  }
  tensors.sort((a, b) => a.offset - b.offset || a.byteLength - b.byteLength);
  let expected = dataOffset;
  for (const tensor of tensors) {
    if (tensor.offset !== expected) {
      const what = tensor.offset < expected ? 'overlaps the tensor before it' : `leaves ${tensor.offset - expected} unused bytes before it`;
      throw new SafetensorsError('overlap-or-gap', file, `${file}: tensor ${tensor.name} ${what} (data_offsets must tile the data section exactly); ${FIX_CORRUPT}`, tensor.name);
    }
    expected += tensor.byteLength;
  }
  if (expected !== fileSize) {
    throw new SafetensorsError('data-size-mismatch', file, `${file}: the tensors use ${expected - dataOffset} bytes but the data section has ${dataSize}; the file is truncated or has trailing bytes (${FIX_CORRUPT})`);
  }
  return { tensors, metadata, dataOffset };
}
