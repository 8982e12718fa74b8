import { selectBackend, type BackendChoice, type BackendKind, type MergeBackend } from '@soce/tensors';
import { acquireGpu, nodeWorkers, probeGpu } from '@soce/tensors/node';

/**
 * The backend `--backend` asks for, and why it was chosen: `auto` takes a hardware GPU through
 * WebGPU when there is one and the CPU otherwise, looking for one without letting the GPU drivers
 * print to the terminal; `webgpu` without an adapter is an error. The CPU backend runs on `threads`
 * threads (default: the cores left once file I/O has its share, see @soce/tensors' thread_split.ts).
 */
export function chooseMergeBackend(kind: BackendKind, threads?: number): Promise<BackendChoice> {
  return selectBackend(kind, { acquireGpu, probeGpu: () => probeGpu(), workers: nodeWorkers, threads });
}

/** {@link chooseMergeBackend} for callers that only need the backend. */
export async function openMergeBackend(kind: BackendKind): Promise<MergeBackend> {
  return (await chooseMergeBackend(kind)).backend;
}
