/**
 * WebGPU under Node: Dawn through the `webgpu` package. Its `GPU` object must stay reachable while
 * any device made from it is in use (collecting it breaks the device), so this module creates one
 * and keeps it for the life of the process; it holds no thread, so the process still exits.
 */

let gpu: GPU | undefined;

/**
 * Node's WebGPU entry point, or `undefined` if the `webgpu` package cannot load on this platform.
 * Without a GPU driver it still has no adapter: on Linux, Dawn needs libvulkan1 and, without a GPU,
 * SwiftShader (`VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json`).
 */
export async function acquireGpu(): Promise<GPU | undefined> {
  if (gpu !== undefined) return gpu;
  let webgpu: typeof import('webgpu');
  try {
    webgpu = await import('webgpu');
  } catch {
    return undefined;
  }
  gpu = webgpu.create([]);
  return gpu;
}
