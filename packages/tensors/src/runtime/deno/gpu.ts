/** WebGPU under Deno: the built-in `navigator.gpu` (wgpu; lavapipe or SwiftShader without a GPU). */

/** Deno's WebGPU entry point, or `undefined` if this Deno build offers none. */
export function acquireGpu(): Promise<GPU | undefined> {
  const navigator = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return Promise.resolve(navigator?.gpu);
}
