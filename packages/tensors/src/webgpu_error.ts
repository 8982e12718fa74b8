import { SoceError } from '@soce/common';

/** How to get a WebGPU adapter on a machine without a GPU driver; every "no adapter" message ends with it. */
export const NO_ADAPTER_HINT: string =
  'install libvulkan1 and a Vulkan driver; without a GPU, `apt-get install libvulkan1 chromium-common` and set ' +
  'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json to use SwiftShader (Deno also finds Mesa\'s lavapipe, ' +
  'from mesa-vulkan-drivers); or use the CPU backend';

/**
 * No WebGPU adapter to run on: the runtime lacks WebGPU, or finds no Vulkan/Metal/D3D driver it can
 * use. Code `webgpu-unavailable`, kind `input` (the machine's set-up, or the backend asked for).
 */
export class WebGpuUnavailableError extends SoceError<'webgpu-unavailable'> {
  override readonly name = 'WebGpuUnavailableError';
  /** `message` should end with {@link NO_ADAPTER_HINT}. */
  constructor(message: string) {
    super(message, { code: 'webgpu-unavailable', kind: 'input' });
  }
}

/**
 * The GPU rejected or lost the work: a validation error, out of memory, or a lost device. Code
 * `webgpu-failed`, kind `runtime`.
 */
export class WebGpuError extends SoceError<'webgpu-failed'> {
  override readonly name = 'WebGpuError';
  /** `cause` is the GPU's own error, when there is one. */
  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, { code: 'webgpu-failed', kind: 'runtime', cause: options.cause });
  }
}

/**
 * Options of the webgpu backend that cannot be used: not of the documented shape, or beyond what
 * the device allows. The message names the option. Code `webgpu-options`, kind `input`.
 */
export class WebGpuOptionsError extends SoceError<'webgpu-options'> {
  override readonly name = 'WebGpuOptionsError';
  /** `message` should name the option and the limit. */
  constructor(message: string) {
    super(message, { code: 'webgpu-options', kind: 'input' });
  }
}
