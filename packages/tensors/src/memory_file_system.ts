import { SoceError } from '@soce/common';
import type { ByteSink, ByteSource, CreateOptions, EntryKind, FileSystem } from './file_system.ts';

/**
 * Thrown by {@link MemoryFileSystem} where a real file system would fail (ENOENT, EEXIST…). Code
 * `memory-file-system`, kind `runtime`, as a real file system's errors are.
 */
export class MemoryFileSystemError extends SoceError<'memory-file-system'> {
  override readonly name = 'MemoryFileSystemError';
  /** `message` names the path, as a system error does. */
  constructor(message: string) {
    super(message, { code: 'memory-file-system', kind: 'runtime' });
  }
}

/** `a//b/./c/` → `a/b/c`; keeps a leading `/`. No `..` resolution: paths are keys, not places. */
function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return '.';
  return slash === 0 ? '/' : path.slice(0, slash);
}

function isInside(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/') && path !== '/';
  if (dir === '.') return !path.startsWith('/') && path !== '.';
  return path.startsWith(`${dir}/`);
}

/**
 * A {@link FileSystem} held in memory: for tests, and for hosts without a disk (a browser demo
 * saving a small model). It behaves like a strict POSIX file system — a file's directory must exist,
 * renaming onto an existing path fails — so code tested against it also works on disk.
 */
export class MemoryFileSystem implements FileSystem {
  readonly #files = new Map<string, Uint8Array>();
  readonly #dirs = new Set<string>(['/', '.']);
  /** Permission bits of files created with a mode; others have 0o644, directories 0o755. */
  readonly #modes = new Map<string, number>();

  /** Starts with `files` (path → bytes or UTF-8 text); their directories are created. */
  constructor(files: Readonly<Record<string, Uint8Array | string>> = {}) {
    for (const [path, content] of Object.entries(files)) this.put(path, content);
  }

  /** Stores a file directly, creating its directories: for building test fixtures. */
  put(path: string, content: Uint8Array | string): void {
    const key = normalize(path);
    this.#mkdirs(parentOf(key));
    this.#files.set(key, typeof content === 'string' ? new TextEncoder().encode(content) : content.slice());
    this.#modes.delete(key);
  }

  /** A file's bytes (a copy), or `undefined` if there is no such file. */
  bytes(path: string): Uint8Array | undefined {
    return this.#files.get(normalize(path))?.slice();
  }

  /** Every file and directory path, sorted: for asserting what a run left behind. */
  paths(): string[] {
    return [...this.#files.keys(), ...[...this.#dirs].filter((d) => d !== '/' && d !== '.')].sort();
  }

  #mkdirs(dir: string): void {
    for (let d = dir; !this.#dirs.has(d); d = parentOf(d)) {
      if (this.#files.has(d)) throw new MemoryFileSystemError(`${d} is a file, not a directory`);
      this.#dirs.add(d);
    }
  }

  #file(path: string): Uint8Array {
    const bytes = this.#files.get(normalize(path));
    if (bytes === undefined) throw new MemoryFileSystemError(`no such file: ${path}`);
    return bytes;
  }

  /** See {@link FileSystem.openRead}. */
  async openRead(path: string): Promise<ByteSource> {
    const bytes = this.#file(path);
    return {
      size: bytes.length,
      read: async (offset, length, into) => {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
          throw new MemoryFileSystemError(`read past the end of ${path}: ${offset}+${length} > ${bytes.length}`);
        }
        const piece = bytes.subarray(offset, offset + length);
        if (into === undefined) return piece.slice();
        into.set(piece);
        return into.subarray(0, length);
      },
      close: async () => undefined,
    };
  }

  /** See {@link FileSystem.create}. */
  async create(path: string, options?: CreateOptions): Promise<ByteSink> {
    const key = normalize(path);
    if (!this.#dirs.has(parentOf(key))) throw new MemoryFileSystemError(`no such directory: ${parentOf(key)}`);
    if (this.#dirs.has(key)) throw new MemoryFileSystemError(`${path} is a directory`);
    const chunks: Uint8Array[] = [];
    this.#files.set(key, new Uint8Array(0));
    if (options?.mode === undefined) this.#modes.delete(key);
    else this.#modes.set(key, options.mode);
    let closed = false;
    return {
      write: async (bytes) => {
        if (closed) throw new MemoryFileSystemError(`write to closed file ${path}`);
        chunks.push(bytes.slice());
      },
      close: async () => {
        if (closed) return;
        closed = true;
        const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
        const joined = new Uint8Array(total);
        let offset = 0;
        for (const chunk of chunks) {
          joined.set(chunk, offset);
          offset += chunk.length;
        }
        // A directory removed (or renamed) while the file was open takes the file with it.
        if (this.#dirs.has(parentOf(key))) this.#files.set(key, joined);
      },
    };
  }

  /** See {@link FileSystem.readText}. */
  async readText(path: string): Promise<string> {
    return new TextDecoder().decode(this.#file(path));
  }

  /** See {@link FileSystem.kind}. */
  async kind(path: string): Promise<EntryKind | undefined> {
    const key = normalize(path);
    if (this.#files.has(key)) return 'file';
    return this.#dirs.has(key) ? 'directory' : undefined;
  }

  /** See {@link FileSystem.realPath}: there are no links here, so the normalised path (absolute paths stay absolute). */
  async realPath(path: string): Promise<string> {
    const key = normalize(path);
    if ((await this.kind(key)) === undefined) throw new MemoryFileSystemError(`no such file or directory: ${path}`);
    return key;
  }

  /** See {@link FileSystem.mode}. */
  async mode(path: string): Promise<number> {
    const key = normalize(path);
    const kind = await this.kind(key);
    if (kind === undefined) throw new MemoryFileSystemError(`no such file or directory: ${path}`);
    return kind === 'directory' ? 0o755 : (this.#modes.get(key) ?? 0o644);
  }

  /** See {@link FileSystem.list}. */
  async list(path: string): Promise<string[]> {
    const dir = normalize(path);
    if (!this.#dirs.has(dir)) throw new MemoryFileSystemError(`no such directory: ${path}`);
    const names = new Set<string>();
    for (const entry of [...this.#files.keys(), ...this.#dirs]) {
      if (entry !== dir && parentOf(entry) === dir) names.add(entry.slice(entry.lastIndexOf('/') + 1));
    }
    return [...names];
  }

  /** See {@link FileSystem.mkdir}. */
  async mkdir(path: string): Promise<void> {
    this.#mkdirs(normalize(path));
  }

  /** See {@link FileSystem.rename}. */
  async rename(from: string, to: string): Promise<void> {
    const source = normalize(from);
    const target = normalize(to);
    if ((await this.kind(target)) !== undefined) throw new MemoryFileSystemError(`${to} already exists`);
    if (!this.#dirs.has(parentOf(target))) throw new MemoryFileSystemError(`no such directory: ${parentOf(target)}`);
    const file = this.#files.get(source);
    if (file !== undefined) {
      this.#files.delete(source);
      this.#files.set(target, file);
      this.#moveMode(source, target);
      return;
    }
    if (!this.#dirs.has(source)) throw new MemoryFileSystemError(`no such file or directory: ${from}`);
    if (isInside(target, source)) throw new MemoryFileSystemError(`cannot move ${from} inside itself`);
    const move = (path: string): string => (path === source ? target : `${target}${path.slice(source.length)}`);
    for (const [path, bytes] of [...this.#files]) {
      if (isInside(path, source)) {
        this.#files.delete(path);
        this.#files.set(move(path), bytes);
        this.#moveMode(path, move(path));
      }
    }
    for (const dir of [...this.#dirs]) {
      if (dir === source || isInside(dir, source)) {
        this.#dirs.delete(dir);
        this.#dirs.add(move(dir));
      }
    }
  }

  #moveMode(from: string, to: string): void {
    const mode = this.#modes.get(from);
    this.#modes.delete(from);
    if (mode !== undefined) this.#modes.set(to, mode);
  }

  /** See {@link FileSystem.remove}. */
  async remove(path: string): Promise<void> {
    const key = normalize(path);
    this.#files.delete(key);
    this.#modes.delete(key);
    if (key === '/' || key === '.') throw new MemoryFileSystemError(`refusing to remove ${path}`);
    if (!this.#dirs.delete(key)) return;
    for (const file of [...this.#files.keys()]) {
      if (isInside(file, key)) {
        this.#files.delete(file);
        this.#modes.delete(file);
      }
    }
    for (const dir of [...this.#dirs]) if (isInside(dir, key)) this.#dirs.delete(dir);
  }
}
