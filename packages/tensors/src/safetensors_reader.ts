import type { ByteSource, FileSystem } from './file_system.ts';
import { HEADER_PREFIX_BYTES, parseSafetensorsHeader, readHeaderLength, type SafetensorsHeader, type TensorInfo } from './safetensors_header.ts';

/** An open safetensors file whose header has been validated; tensor data is read on demand. */
export interface SafetensorsFile {
  /** The path it was opened from (used in messages). */
  readonly path: string;
  /** The validated header. */
  readonly header: SafetensorsHeader;
  /** Tensors by name. */
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  /** Reads `length` bytes starting `start` bytes into `tensor` (the whole tensor by default). */
  read(tensor: TensorInfo, start?: number, length?: number, into?: Uint8Array): Promise<Uint8Array>;
  /** Closes the file. */
  close(): Promise<void>;
}

/**
 * Reads and validates the header of `source`, checking the claimed length against the size cap
 * and the file size before reading it. `file` names the source in error messages.
 */
export async function readSafetensorsHeader(source: ByteSource, file: string): Promise<SafetensorsHeader> {
  const prefix = source.size >= HEADER_PREFIX_BYTES ? await source.read(0, HEADER_PREFIX_BYTES) : new Uint8Array(0);
  const length = readHeaderLength(prefix, source.size, file);
  return parseSafetensorsHeader(await source.read(HEADER_PREFIX_BYTES, length), source.size, file);
}

/** Wraps an open source whose header is valid; the source is closed with the result. */
export async function readSafetensors(source: ByteSource, file: string): Promise<SafetensorsFile> {
  const header = await readSafetensorsHeader(source, file);
  const tensors = new Map(header.tensors.map((tensor) => [tensor.name, tensor]));
  return {
    path: file,
    header,
    tensors,
    read: async (tensor, start = 0, length = tensor.byteLength - start, into) => {
      if (start < 0 || length < 0 || start + length > tensor.byteLength) {
        throw new RangeError(`${file}: bytes ${start}..${start + length} are outside tensor ${tensor.name} (${tensor.byteLength} bytes)`);
      }
      return source.read(tensor.offset + start, length, into);
    },
    close: () => source.close(),
  };
}

/** Opens a safetensors file and validates its header; the file stays open until `close()`. */
export async function openSafetensors(fs: FileSystem, path: string): Promise<SafetensorsFile> {
  const source = await fs.openRead(path);
  try {
    return await readSafetensors(source, path);
  } catch (error) {
    await source.close();
    throw error;
  }
}
