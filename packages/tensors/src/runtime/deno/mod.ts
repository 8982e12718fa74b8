/**
 * Deno's side of `@soce/tensors`: {@link denoFileSystem} wherever a `FileSystem` is asked for,
 * {@link denoWorkers} (Web Workers) for the CPU backend's threads, and {@link acquireGpu} (Deno's
 * built-in WebGPU) for `selectBackend`.
 * @module
 */
export { denoFileSystem } from './file_system.ts';
export { denoWorkers } from './worker_runtime.ts';
export { acquireGpu } from './gpu.ts';
