/**
 * WebGPU under Node: Dawn through the `webgpu` package. Its `GPU` object must stay reachable while
 * any device made from it is in use (collecting it breaks the device), so this module creates one
 * and keeps it for the life of the process; it holds no thread, so the process still exits.
 *
 * Dawn and the Vulkan loader write their warnings (a software adapter's missing features, an unset
 * XDG_RUNTIME_DIR) from native code straight to the process's stderr, where no JavaScript can
 * filter them. {@link probeGpu} therefore looks at the adapter from a child process, whose stderr
 * is captured; Dawn is loaded in this process only once a GPU worth using is known to be there.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import process from 'node:process';
import type { GpuProbe } from '../../select_backend.ts';
import { summarizeAdapter } from '../../webgpu_device.ts';

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

/** Device files through which Linux reaches a hardware GPU: DRM render nodes, NVIDIA's, WSL's D3D12. */
const GPU_DEVICE_FILE = /^(renderD\d+|nvidia\d+|dxg)$/;

/** Where Linux keeps the GPU device files (`/dev/dri/renderD128`, `/dev/nvidia0`, `/dev/dxg`), for {@link probeGpu}. */
export interface GpuProbeOptions {
  /** The device directory (default `/dev`); tests point it elsewhere. */
  readonly devDir?: string;
  /** Milliseconds the probe may take before it counts as no adapter (default 20 s). */
  readonly timeoutMs?: number;
}

async function gpuDeviceFiles(devDir: string): Promise<string[]> {
  const list = async (dir: string): Promise<string[]> => (await readdir(dir).catch(() => [])).filter((name) => GPU_DEVICE_FILE.test(name));
  return [...(await list(devDir)), ...(await list(`${devDir}/dri`))];
}

/** The child's program: the adapter's info as one JSON line, or `null` when there is none. */
const PROBE_SCRIPT = `
const { create } = await import(process.argv[1]);
const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
const info = adapter?.info;
const summary = info ? { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: info.isFallbackAdapter === true } : null;
process.stdout.write(JSON.stringify(summary) + '\\n', () => process.exit(0));
`;

/**
 * What WebGPU adapter this machine offers, found without loading Dawn into this process (see the
 * module comment): on Linux, a machine without GPU device files has no hardware adapter and is not
 * probed at all; otherwise a child process asks Dawn, and its stderr (Dawn's warnings) is kept
 * from the user. For `selectBackend`'s `probeGpu`, so that `auto` stays quiet where it would
 * choose the CPU anyway.
 */
export async function probeGpu(options: GpuProbeOptions = {}): Promise<GpuProbe> {
  if (process.platform === 'linux' && (await gpuDeviceFiles(options.devDir ?? '/dev')).length === 0) {
    return { kind: 'no-adapter', detail: 'this machine has no GPU device: no /dev/dri/renderD* or /dev/nvidia*' };
  }
  let module: string;
  try {
    module = import.meta.resolve('webgpu');
  } catch {
    return { kind: 'no-webgpu' };
  }
  const output = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT, module], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', () => resolve({ code: null, stdout, stderr }));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  const line = output.stdout.trim().split('\n').at(-1) ?? '';
  if (output.code !== 0 || line === '') {
    const why = output.stderr.trim().split('\n').at(-1) ?? '';
    return { kind: 'no-adapter', detail: `the adapter probe failed${why === '' ? '' : `: ${why}`}` };
  }
  const info = JSON.parse(line) as Parameters<typeof summarizeAdapter>[0] | null;
  return info === null ? { kind: 'no-adapter' } : { kind: 'adapter', adapter: summarizeAdapter(info) };
}
