import { read, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import type { ByteSink, ByteSource, CreateOptions, EntryKind, FileSystem } from '../../file_system.ts';

/**
 * One `pread` on libuv's pool, through the callback API: `FileHandle.read` adds a handle reference,
 * a promise and a request object per call, which a merge's thousands of reads a second notice.
 */
function readAt(fd: number, target: Uint8Array, at: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, target, at, length, position, (error, bytesRead) => (error === null ? resolve(bytesRead) : reject(error))));
}

async function readFully(handle: FileHandle, path: string, offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
  if (into !== undefined && into.length < length) throw new RangeError(`read buffer of ${into.length} bytes is smaller than the ${length} asked for`);
  // Buffer.allocUnsafe would skip zeroing, but a plain Uint8Array keeps the result an ordinary typed array.
  const target = into === undefined ? new Uint8Array(length) : into.subarray(0, length);
  let done = 0;
  while (done < length) {
    const bytesRead = await readAt(handle.fd, target, done, length - done, offset + done);
    if (bytesRead === 0) throw new RangeError(`${path} ended at byte ${offset + done}, before the ${length} bytes asked for at ${offset}`);
    done += bytesRead;
  }
  return target;
}

async function openSource(path: string): Promise<ByteSource> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      read: (offset, length, into) => readFully(handle, path, offset, length, into),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function createSink(path: string, options?: CreateOptions): Promise<ByteSink> {
  const handle = await open(path, 'w', options?.mode);
  let closed = false;
  try {
    // open() applies the umask; chmod makes the bits exactly the ones asked for.
    if (options?.mode !== undefined) await handle.chmod(options.mode);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    // Written on the calling thread: a sink's writes come one at a time, in order, from a buffer the
    // caller has just filled, so copying it into the page cache here finds it in this core's caches
    // and leaves libuv's pool to the reads: merge after merge of 3 × 1.7 GB on 2 cores, 0.85 s
    // each this way against 1.06 s through the pool.
    write: async (bytes) => {
      let done = 0;
      while (done < bytes.length) done += writeSync(handle.fd, bytes, done, bytes.length - done);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}

async function kind(path: string): Promise<EntryKind | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT' || (error as { code?: unknown }).code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The {@link FileSystem} of Node (`node:fs/promises`); relative paths resolve against the working directory. */
export const nodeFileSystem: FileSystem = {
  openRead: openSource,
  create: createSink,
  readText: (path) => readFile(path, 'utf8'),
  kind,
  realPath: (path) => realpath(path),
  mode: async (path) => (await stat(path)).mode & 0o7777,
  list: (path) => readdir(path),
  mkdir: async (path) => {
    await mkdir(path, { recursive: true });
  },
  rename: async (from, to) => {
    // POSIX rename replaces an empty directory silently; the interface promises it never replaces.
    if ((await kind(to)) !== undefined) throw new Error(`cannot rename ${from} to ${to}: ${to} already exists`);
    await rename(from, to);
  },
  remove: (path) => rm(path, { recursive: true, force: true }),
};
