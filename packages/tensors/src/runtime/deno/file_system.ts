import type { ByteSink, ByteSource, CreateOptions, EntryKind, FileSystem } from '../../file_system.ts';

/** The part of Deno's API used here, declared locally so the package needs no Deno type library. */
interface DenoFile {
  read(buffer: Uint8Array): Promise<number | null>;
  write(buffer: Uint8Array): Promise<number>;
  seekSync(offset: number, whence: number): number;
  stat(): Promise<{ size: number }>;
  close(): void;
}
declare const Deno: {
  open(path: string, options: { read?: boolean; write?: boolean; create?: boolean; truncate?: boolean; mode?: number }): Promise<DenoFile>;
  readTextFile(path: string): Promise<string>;
  stat(path: string): Promise<{ isFile: boolean; isDirectory: boolean; mode: number | null }>;
  realPath(path: string): Promise<string>;
  chmod(path: string, mode: number): Promise<void>;
  readDir(path: string): AsyncIterable<{ name: string }>;
  mkdir(path: string, options: { recursive: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string, options: { recursive: boolean }): Promise<void>;
  errors: { NotFound: new (...args: never[]) => Error; NotADirectory?: new (...args: never[]) => Error };
};

/** `Deno.SeekMode.Start`. */
const SEEK_START = 0;

function isNotFound(error: unknown): boolean {
  const { NotFound, NotADirectory } = Deno.errors;
  return error instanceof NotFound || (NotADirectory !== undefined && error instanceof NotADirectory);
}

async function openSource(path: string): Promise<ByteSource> {
  const file = await Deno.open(path, { read: true });
  try {
    const { size } = await file.stat();
    // A Deno file has one position: seek-then-read pairs must not interleave.
    let queue: Promise<unknown> = Promise.resolve();
    const readAt = async (offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> => {
      if (into !== undefined && into.length < length) throw new RangeError(`read buffer of ${into.length} bytes is smaller than the ${length} asked for`);
      const target = into === undefined ? new Uint8Array(length) : into.subarray(0, length);
      // Seeking only sets the file's position (an lseek, no I/O): done here rather than as a round
      // trip through Deno's I/O threads, it makes a merge of 3 × 1.7 GB about a fifth faster.
      file.seekSync(offset, SEEK_START);
      let done = 0;
      while (done < length) {
        const n = await file.read(target.subarray(done));
        if (n === null || n === 0) throw new RangeError(`${path} ended at byte ${offset + done}, before the ${length} bytes asked for at ${offset}`);
        done += n;
      }
      return target;
    };
    return {
      size,
      read: (offset, length, into) => {
        const result = queue.then(() => readAt(offset, length, into));
        queue = result.catch(() => undefined);
        return result;
      },
      close: async () => {
        await queue;
        file.close();
      },
    };
  } catch (error) {
    file.close();
    throw error;
  }
}

async function createSink(path: string, options?: CreateOptions): Promise<ByteSink> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true, ...(options?.mode === undefined ? {} : { mode: options.mode }) });
  let closed = false;
  try {
    // The mode of open() passes through the umask; chmod makes the bits exactly the ones asked for.
    if (options?.mode !== undefined) await Deno.chmod(path, options.mode);
  } catch (error) {
    file.close();
    throw error;
  }
  return {
    write: async (bytes) => {
      let done = 0;
      while (done < bytes.length) done += await file.write(bytes.subarray(done));
    },
    close: async () => {
      if (closed) return;
      closed = true;
      file.close();
    },
  };
}

async function kind(path: string): Promise<EntryKind | undefined> {
  try {
    const info = await Deno.stat(path);
    return info.isFile ? 'file' : info.isDirectory ? 'directory' : 'other';
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The {@link FileSystem} of Deno (needs `--allow-read`, and `--allow-write` to write). */
export const denoFileSystem: FileSystem = {
  openRead: openSource,
  create: createSink,
  readText: (path) => Deno.readTextFile(path),
  kind,
  realPath: (path) => Deno.realPath(path),
  mode: async (path) => (await Deno.stat(path)).mode! & 0o7777,
  list: async (path) => {
    const names: string[] = [];
    for await (const entry of Deno.readDir(path)) names.push(entry.name);
    return names;
  },
  mkdir: (path) => Deno.mkdir(path, { recursive: true }),
  rename: async (from, to) => {
    if ((await kind(to)) !== undefined) throw new Error(`cannot rename ${from} to ${to}: ${to} already exists`);
    await Deno.rename(from, to);
  },
  remove: async (path) => {
    try {
      await Deno.remove(path, { recursive: true });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },
};
