/** How to get a WebGPU adapter on a machine without a GPU driver; every "no adapter" message ends with it. */
export const NO_ADAPTER_HINT: string =
  'install libvulkan1 and a Vulkan driver; without a GPU, `apt-get install libvulkan1 chromium-common` and set ' +
  'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json to use SwiftShader (Deno also finds Mesa\'s lavapipe, ' +
  'from mesa-vulkan-drivers); or use the CPU backend';

/** No WebGPU adapter to run on: the runtime lacks WebGPU, or finds no Vulkan/Metal/D3D driver it can use. */
export class WebGpuUnavailableError extends Error {
  override readonly name = 'WebGpuUnavailableError';
}

/** The GPU rejected or lost the work: a validation error, out of memory, or a lost device. */
export class WebGpuError extends Error {
  override readonly name = 'WebGpuError';
}
