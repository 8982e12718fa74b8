/**
 * The file access soce's checkpoint code needs, as an interface: the package itself imports
 * nothing runtime-specific, and Node (`@soce/tensors/node`), Deno (`@soce/tensors/deno`) and the
 * in-memory {@link MemoryFileSystem} implement it.
 * @module
 */

/** Random-access reads of one open file: tensors are read lazily, by byte range. */
export interface ByteSource {
  /** The file's size in bytes when it was opened. */
  readonly size: number;
  /**
   * Reads exactly `length` bytes at `offset` (rejecting if the file is shorter). With `into`, the
   * bytes land in its first `length` bytes and a view of them is returned, so a caller can reuse
   * one buffer instead of allocating per read.
   */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  /** Releases the file handle. */
  close(): Promise<void>;
}

/** Sequential writes to a newly created file. */
export interface ByteSink {
  /** Appends `bytes`; the caller may reuse the buffer once the promise settles. */
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes and releases the file handle. */
  close(): Promise<void>;
}

/** Options of {@link FileSystem.create}. */
export interface CreateOptions {
  /** Permission bits of the new file (`0o600`, …); the file system's default when absent. */
  readonly mode?: number | undefined;
}

/** What a path names. */
export type EntryKind = 'file' | 'directory' | 'other';

/**
 * A file system with `/`-separated paths. Relative paths are resolved by the implementation (the
 * process's working directory for Node and Deno).
 */
export interface FileSystem {
  /** Opens an existing file for random-access reads. */
  openRead(path: string): Promise<ByteSource>;
  /**
   * Creates (or truncates) a file for sequential writes; its directory must exist. With `mode`,
   * the file gets exactly these permission bits (a copy keeps its source's, never wider).
   */
  create(path: string, options?: CreateOptions): Promise<ByteSink>;
  /** Reads a whole file as UTF-8 text. */
  readText(path: string): Promise<string>;
  /** What `path` names, or `undefined` when nothing is there. */
  kind(path: string): Promise<EntryKind | undefined>;
  /**
   * The canonical absolute path of an existing entry, every symbolic link resolved: where a
   * file really is, to tell whether it lies inside a directory.
   */
  realPath(path: string): Promise<string>;
  /** The permission bits (`0o644`, …) of an existing file or directory. */
  mode(path: string): Promise<number>;
  /** The names (not paths) of a directory's entries, in no particular order. */
  list(path: string): Promise<string[]>;
  /** Creates a directory and any missing parents; an existing directory is fine. */
  mkdir(path: string): Promise<void>;
  /** Renames a file or directory; `to` must not exist. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a directory with everything in it; a missing path is fine. */
  remove(path: string): Promise<void>;
}

/** The largest piece {@link copyFile} holds in memory at once. */
const COPY_CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * Copies a file of any size through `fs`, holding at most 16 MiB of it in memory. The copy has
 * the source's permission bits: a private file stays private.
 */
export async function copyFile(fs: FileSystem, from: string, to: string): Promise<void> {
  const mode = await fs.mode(from);
  const source = await fs.openRead(from);
  try {
    const sink = await fs.create(to, { mode });
    try {
      const buffer = new Uint8Array(Math.min(COPY_CHUNK_BYTES, source.size));
      for (let offset = 0; offset < source.size; offset += buffer.length) {
        const length = Math.min(buffer.length, source.size - offset);
        await sink.write(await source.read(offset, length, buffer));
      }
    } finally {
      await sink.close();
    }
  } finally {
    await source.close();
  }
}

/** Writes `text` as UTF-8 to a new file (with the permission bits `options.mode`, if given). */
export async function writeTextFile(fs: FileSystem, path: string, text: string, options?: CreateOptions): Promise<void> {
  const sink = await fs.create(path, options);
  try {
    await sink.write(new TextEncoder().encode(text));
  } finally {
    await sink.close();
  }
}
