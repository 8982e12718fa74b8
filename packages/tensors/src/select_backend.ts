import type { MergeBackend } from './backend.ts';
import { createCpuBackend } from './cpu_backend.ts';
import type { WorkerRuntime } from './worker_runtime.ts';
import { createWebGpuBackend, type WebGpuBackendOptions } from './webgpu_backend.ts';
import { requestAdapter, summarizeAdapter, type GpuAdapterSummary } from './webgpu_device.ts';
import { NO_ADAPTER_HINT, WebGpuOptionsError, WebGpuUnavailableError } from './webgpu_error.ts';

/**
 * The merge backends one can ask for: `auto` takes a hardware GPU when there is one, else the CPU;
 * `cpu` never touches a GPU; `webgpu` takes any WebGPU adapter or fails.
 */
export const BACKEND_KINDS = ['auto', 'cpu', 'webgpu'] as const;

/** One of {@link BACKEND_KINDS}. */
export type BackendKind = (typeof BACKEND_KINDS)[number];

/** What the runtime offers for WebGPU, as far as choosing a backend goes. */
export type GpuProbe =
  | { readonly kind: 'no-webgpu' }
  | { readonly kind: 'no-adapter'; readonly detail?: string }
  | { readonly kind: 'adapter'; readonly adapter: GpuAdapterSummary };

/** A decision of {@link chooseBackend}: the backend to build and why, in words for the user. */
export interface BackendDecision {
  /** The backend to build. */
  readonly use: 'cpu' | 'webgpu';
  /** Why, e.g. "the WebGPU adapter (SwiftShader driver 5.0.0) is a software renderer, …". */
  readonly reason: string;
}

/**
 * Decides between the backends. A software adapter (SwiftShader, llvmpipe) runs the shader on the
 * CPU, slower than the CPU backend, so `auto` takes only a hardware one; `webgpu` takes any
 * adapter and throws {@link WebGpuUnavailableError} when there is none.
 */
export function chooseBackend(kind: BackendKind, probe: GpuProbe): BackendDecision {
  if (kind === 'cpu') return { use: 'cpu', reason: 'the CPU backend was requested' };
  if (kind === 'webgpu') {
    if (probe.kind === 'no-webgpu') {
      throw new WebGpuUnavailableError(`the webgpu backend was requested but this runtime offers no WebGPU; ${NO_ADAPTER_HINT}`);
    }
    if (probe.kind === 'no-adapter') {
      throw new WebGpuUnavailableError(`the webgpu backend was requested but no WebGPU adapter was found: ${NO_ADAPTER_HINT}`);
    }
    const what = probe.adapter.software ? 'software renderer, slower than the CPU backend' : 'hardware';
    return { use: 'webgpu', reason: `the webgpu backend was requested (adapter: ${probe.adapter.description}, ${what})` };
  }
  switch (probe.kind) {
    case 'no-webgpu':
      return { use: 'cpu', reason: 'this runtime offers no WebGPU' };
    case 'no-adapter':
      return { use: 'cpu', reason: `no WebGPU adapter was found${probe.detail === undefined ? '' : ` (${probe.detail})`}` };
    case 'adapter':
      return probe.adapter.software
        ? {
            use: 'cpu',
            reason: `the only WebGPU adapter (${probe.adapter.description}) is a software renderer, slower than the CPU backend`,
          }
        : { use: 'webgpu', reason: `a hardware WebGPU adapter was found (${probe.adapter.description})` };
  }
}

/** Where {@link selectBackend} gets WebGPU from, and how to set the webgpu backend up. */
export interface SelectBackendDeps {
  /** The runtime's WebGPU entry point (`acquireGpu` of `@soce/tensors/node` or `/deno`); absent: no WebGPU. */
  readonly acquireGpu?: () => Promise<GPU | undefined>;
  /**
   * Tells what adapter the machine has without opening WebGPU in this process (`probeGpu` of
   * `@soce/tensors/node`, which keeps the drivers' own warnings off stderr). With it, `auto` calls
   * `acquireGpu` only when the probe found a hardware adapter.
   */
  readonly probeGpu?: () => Promise<GpuProbe>;
  /** Options of the webgpu backend, if it is chosen. */
  readonly webgpu?: WebGpuBackendOptions;
  /** Starts the CPU backend's threads (`nodeWorkers` or `denoWorkers`); absent: it computes on the calling thread. */
  readonly workers?: WorkerRuntime;
  /** Threads of the CPU backend, if it is chosen (default: the cores file I/O leaves, see thread_split.ts). */
  readonly threads?: number;
}

/** A backend ready to merge, and the reason it was chosen (for the CLI to print). */
export interface BackendChoice {
  /** The backend; close it when done. */
  readonly backend: MergeBackend;
  /** Why this backend, in words for the user. */
  readonly reason: string;
}

/**
 * Builds the merge backend `kind` asks for; see {@link chooseBackend}. `cpu` never touches the GPU;
 * `auto` with a `probeGpu` opens WebGPU only when the probe found a hardware adapter. Under
 * `auto`, a hardware adapter whose device cannot be opened falls back to the CPU, saying why.
 */
export async function selectBackend(kind: BackendKind, deps: SelectBackendDeps = {}): Promise<BackendChoice> {
  if (kind === 'cpu') return { backend: createCpuBackend(deps), reason: chooseBackend(kind, { kind: 'no-webgpu' }).reason };
  if (kind === 'auto' && deps.probeGpu !== undefined) {
    const decision = chooseBackend(kind, await deps.probeGpu());
    if (decision.use === 'cpu') return { backend: createCpuBackend(deps), reason: decision.reason };
  }
  const gpu = deps.acquireGpu === undefined ? undefined : await deps.acquireGpu();
  let probe: GpuProbe = { kind: 'no-webgpu' };
  if (gpu !== undefined) {
    const adapter = await requestAdapter(gpu);
    probe = adapter === undefined ? { kind: 'no-adapter' } : { kind: 'adapter', adapter: summarizeAdapter(adapter.info) };
  }
  const decision = chooseBackend(kind, probe);
  if (decision.use === 'cpu' || gpu === undefined) return { backend: createCpuBackend(deps), reason: decision.reason };
  if (kind === 'webgpu') return { backend: await createWebGpuBackend(gpu, deps.webgpu), reason: decision.reason };
  try {
    return { backend: await createWebGpuBackend(gpu, deps.webgpu), reason: decision.reason };
  } catch (error) {
    // Bad options are the caller's to fix, not a reason to fall back.
    if (error instanceof WebGpuOptionsError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    return { backend: createCpuBackend(deps), reason: `${decision.reason}, but its device could not be opened (${why}); using the CPU` };
  }
}
