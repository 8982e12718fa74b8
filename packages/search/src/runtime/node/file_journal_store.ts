/**
 * The journal as a file, for Node: each append opens the file in append mode, writes the lines
 * and syncs them to disk before resolving, so an evaluation that took hours is never lost to a
 * crash after it was reported finished.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JournalStore } from '../../journal_store.ts';

/** A journal stored in the file at `path` (created, with its directory, on the first append). */
export function fileJournalStore(path: string): JournalStore {
  return {
    name: path,
    async append(text: string): Promise<void> {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'a');
      try {
        await handle.appendFile(text, 'utf8');
        await handle.datasync();
      } finally {
        await handle.close();
      }
    },
    async readAll(): Promise<string> {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ENOENT') return '';
        throw error;
      }
    },
  };
}
