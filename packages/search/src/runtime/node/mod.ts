/**
 * @soce/search/node — the Node side of @soce/search: a file-backed journal store.
 * @module
 */
export { fileJournalStore } from './file_journal_store.ts';
