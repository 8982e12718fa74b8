import { createCpuBackend, type MergeBackend } from '@soce/tensors';
import type { BackendKind } from './merge_recipe.ts';
import { UsageError } from './usage_error.ts';

/**
 * The backend `--backend` asks for. `auto` is the CPU backend until a WebGPU backend is wired in;
 * asking for `webgpu` explicitly is then a usage error rather than a silent fallback.
 */
export async function openMergeBackend(kind: BackendKind): Promise<MergeBackend> {
  if (kind === 'webgpu') throw new UsageError('--backend webgpu is not available in this build; use --backend cpu (or auto)');
  return createCpuBackend();
}
