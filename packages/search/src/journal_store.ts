/**
 * Where a journal lives. The journal only ever appends whole lines and reads everything back, so
 * a store is two methods; the Node and Deno file stores live under `runtime/`, the in-memory one
 * here serves tests and short-lived searches.
 */

/** Append-only text storage for a journal. */
export interface JournalStore {
  /** Names the storage in error messages, e.g. the file path. */
  readonly name: string;
  /**
   * Appends `text` (one or more lines, each ending in "\n") at the end, durably before the promise
   * resolves. The journal never issues two appends at once.
   */
  append(text: string): Promise<void>;
  /** Everything appended so far (or "" when nothing was), including a torn last line if any. */
  readAll(): Promise<string>;
}

/** A {@link JournalStore} held in memory; `text` exposes the contents (e.g. to truncate it in tests). */
export interface MemoryJournalStore extends JournalStore {
  /** The journal's current contents. */
  readonly text: string;
}

/** An in-memory journal store, optionally starting from `initial` contents. */
export function memoryJournalStore(initial = '', name = 'in-memory journal'): MemoryJournalStore {
  let text = initial;
  return {
    name,
    get text() {
      return text;
    },
    append(more: string): Promise<void> {
      text += more;
      return Promise.resolve();
    },
    readAll(): Promise<string> {
      return Promise.resolve(text);
    },
  };
}
