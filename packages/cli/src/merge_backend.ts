import { selectBackend, type BackendChoice, type BackendKind, type MergeBackend } from '@soce/tensors';
import { acquireGpu, probeGpu } from '@soce/tensors/node';

/**
 * The backend `--backend` asks for, and why it was chosen: `auto` takes a hardware GPU through
 * WebGPU when there is one and the CPU otherwise, looking for one without letting the GPU drivers
 * print to the terminal; `webgpu` without an adapter is an error.
 */
export function chooseMergeBackend(kind: BackendKind): Promise<BackendChoice> {
  return selectBackend(kind, { acquireGpu, probeGpu: () => probeGpu() });
}

/** {@link chooseMergeBackend} for callers that only need the backend. */
export async function openMergeBackend(kind: BackendKind): Promise<MergeBackend> {
  return (await chooseMergeBackend(kind)).backend;
}
