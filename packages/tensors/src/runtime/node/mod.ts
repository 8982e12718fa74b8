/**
 * Node's side of `@soce/tensors`: {@link nodeFileSystem} wherever a `FileSystem` is asked for,
 * {@link nodeWorkers} (`worker_threads`) for the CPU backend's threads, and {@link acquireGpu}
 * (Dawn, through the `webgpu` package) and {@link probeGpu} (the adapter, seen from a child process
 * so that Dawn's warnings stay off stderr) for `selectBackend`.
 * @module
 */
export { nodeFileSystem } from './file_system.ts';
export { libuvPoolSize, nodeWorkers } from './worker_runtime.ts';
export { acquireGpu, probeGpu, type GpuProbeOptions } from './gpu.ts';
