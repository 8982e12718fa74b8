import { OutputTail } from '../../output_tail.ts';
import { supervise, type SpawnedGroup } from '../../process_supervisor.ts';
import { ProcessOutputs } from '../../process_outputs.ts';
import { type ProcessRequest, type ProcessResult, type ProcessRunner } from '../../process_runner.ts';

// Deno's global (and the web streams it hands out) are declared here rather than pulling Deno's
// whole lib into a package that also builds for Node.
interface ByteStream {
  getReader(): { read(): Promise<{ value: Uint8Array; done: false } | { value?: undefined; done: true }>; cancel(): Promise<void> };
}
interface DenoChildProcess {
  readonly pid: number;
  readonly stdout: ByteStream;
  readonly stderr: ByteStream;
  readonly status: Promise<{ code: number; signal: string | null }>;
}
declare const Deno: {
  Command: new (
    program: string,
    options: { args: string[]; cwd?: string; env?: Record<string, string>; stdin: 'null'; stdout: 'piped'; stderr: 'piped'; detached: boolean },
  ) => { spawn(): DenoChildProcess };
  kill(pid: number, signal: 'SIGTERM' | 'SIGKILL' | 0): void;
};

/** Process groups of the programs running now, killed with the process if it unloads first. */
const live = new Set<number>();
let unloadHookInstalled = false;

function installUnloadHook(): void {
  if (unloadHookInstalled) return;
  unloadHookInstalled = true;
  (globalThis as unknown as { addEventListener(type: 'unload', listener: () => void): void }).addEventListener('unload', () => {
    for (const group of live) signalGroup(group, 'SIGKILL');
  });
}

function signalGroup(group: number, signal: 'SIGTERM' | 'SIGKILL' | 0): boolean {
  try {
    // A negative pid names the process group (Deno 2.9 passes it to kill(2) unchanged).
    Deno.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

/** Reads a stream into `tail` until it ends or `cancel` is called. */
function pump(stream: ByteStream, tail: OutputTail): { done: Promise<void>; cancel: () => void } {
  const reader = stream.getReader();
  const done = (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) return;
        tail.push(value);
      }
    } catch {
      // Cancelled, or the pipe broke: what was read is kept.
    }
  })();
  return { done, cancel: () => void reader.cancel().catch(() => undefined) };
}

function spawnedGroup(child: DenoChildProcess, stdout: OutputTail, stderr: OutputTail): SpawnedGroup {
  const out = pump(child.stdout, stdout);
  const err = pump(child.stderr, stderr);
  return {
    exited: child.status.then((status) => (status.signal === null ? status.code : null)),
    drained: Promise.all([out.done, err.done]).then(() => undefined),
    signalGroup: (signal) => void signalGroup(child.pid, signal),
    groupAlive: () => signalGroup(child.pid, 0),
    stopReading: () => {
      out.cancel();
      err.cancel();
    },
  };
}

/**
 * Runs programs with `Deno.Command` (no shell), each in a process group of its own (`detached`,
 * which Deno 2.9 implements with setsid); a time-out, an abort or processes left behind stop the
 * whole group (SIGTERM, then SIGKILL). Needs --allow-run.
 */
export const denoProcessRunner: ProcessRunner = {
  async run(request: ProcessRequest): Promise<ProcessResult> {
    const outputs = new ProcessOutputs(request);
    const [program, ...args] = request.argv;
    if (program === undefined) return outputs.notStarted('empty command');
    if (request.signal?.aborted) return outputs.interrupted();
    let child: DenoChildProcess;
    try {
      child = new Deno.Command(program, {
        args,
        ...(request.cwd === undefined ? {} : { cwd: request.cwd }),
        // Deno.Command adds `env` to the inherited environment (clearEnv is false).
        ...(request.env === undefined ? {} : { env: { ...request.env } }),
        stdin: 'null',
        stdout: 'piped',
        stderr: 'piped',
        detached: true,
      }).spawn();
    } catch (error) {
      return outputs.notStarted(error instanceof Error ? error.message : String(error));
    }
    installUnloadHook();
    live.add(child.pid);
    try {
      const outcome = await supervise(spawnedGroup(child, outputs.stdout, outputs.stderr), request);
      return { ...outcome, ...outputs.read() };
    } finally {
      live.delete(child.pid);
    }
  },
};
