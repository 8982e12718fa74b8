/**
 * Node's side of `@soce/tensors`: {@link nodeFileSystem} wherever a `FileSystem` is asked for, and
 * {@link acquireGpu} (Dawn, through the `webgpu` package) for `selectBackend`.
 * @module
 */
export { nodeFileSystem } from './file_system.ts';
export { acquireGpu } from './gpu.ts';
