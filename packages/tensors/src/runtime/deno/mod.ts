/**
 * Deno's file access for `@soce/tensors`: pass {@link denoFileSystem} wherever a `FileSystem` is
 * asked for.
 * @module
 */
export { denoFileSystem } from './file_system.ts';
