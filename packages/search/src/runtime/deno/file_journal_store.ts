/**
 * The journal as a file, for Deno: each append opens the file in append mode, writes the lines
 * and syncs them to disk before resolving, so an evaluation that took hours is never lost to a
 * crash after it was reported finished.
 */
import type { JournalStore } from '../../journal_store.ts';

/** The few Deno APIs used here, declared locally so the package needs no Deno typings to build. */
interface DenoFile {
  write(data: Uint8Array): Promise<number>;
  syncData(): Promise<void>;
  close(): void;
}
declare const Deno: {
  open(path: string, options: { append: true; create: true }): Promise<DenoFile>;
  readFile(path: string): Promise<Uint8Array>;
  mkdir(path: string, options: { recursive: true }): Promise<void>;
  errors: { NotFound: abstract new (...args: never[]) => Error };
};

/** The directory part of a path ('' when there is none). */
function directoryOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut <= 0 ? '' : path.slice(0, cut);
}

/** A journal stored in the file at `path` (created, with its directory, on the first append). */
export function fileJournalStore(path: string): JournalStore {
  return {
    name: path,
    async append(text: string): Promise<void> {
      const directory = directoryOf(path);
      if (directory !== '') await Deno.mkdir(directory, { recursive: true });
      const file = await Deno.open(path, { append: true, create: true });
      try {
        const bytes = new TextEncoder().encode(text);
        for (let written = 0; written < bytes.length; ) written += await file.write(bytes.subarray(written));
        await file.syncData();
      } finally {
        file.close();
      }
    },
    async readAll(): Promise<string> {
      try {
        return new TextDecoder().decode(await Deno.readFile(path));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return '';
        throw error;
      }
    },
  };
}
