/**
 * Node's file access for `@soce/tensors`: pass {@link nodeFileSystem} wherever a `FileSystem` is
 * asked for.
 * @module
 */
export { nodeFileSystem } from './file_system.ts';
