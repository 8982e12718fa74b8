/**
 * Deno's side of `@soce/tensors`: {@link denoFileSystem} wherever a `FileSystem` is asked for, and
 * {@link acquireGpu} (Deno's built-in WebGPU) for `selectBackend`.
 * @module
 */
export { denoFileSystem } from './file_system.ts';
export { acquireGpu } from './gpu.ts';
