import { spawn, type ChildProcess } from 'node:child_process';
import process from 'node:process';
import { OutputTail } from '../../output_tail.ts';
import { supervise, type SpawnedGroup } from '../../process_supervisor.ts';
import { ProcessOutputs } from '../../process_outputs.ts';
import { type ProcessRequest, type ProcessResult, type ProcessRunner } from '../../process_runner.ts';

/** The Node process runner, and a way to wait until every program it started is gone. */
export interface NodeProcessRunner extends ProcessRunner {
  /** Resolves once no program started by this runner is running (stopped ones included). */
  settled(): Promise<void>;
}

/** Process groups of the programs running now, killed with the process if it exits first. */
const live = new Set<number>();
let idle: (() => void)[] = [];
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // `process.exit()` (a second Ctrl-C, an uncaught error) must not leave benchmarks running on a GPU.
  process.on('exit', () => {
    for (const group of live) signalGroup(group, 'SIGKILL');
  });
}

function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

function spawnedGroup(child: ChildProcess & { pid: number }, stdout: OutputTail, stderr: OutputTail): SpawnedGroup {
  const ended = (stream: NodeJS.ReadableStream) => new Promise<void>((resolve) => stream.once('close', () => resolve()));
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  return {
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    drained: Promise.all([ended(child.stdout!), ended(child.stderr!)]).then(() => undefined),
    signalGroup: (signal) => void signalGroup(child.pid, signal),
    groupAlive: () => signalGroup(child.pid, 0),
    stopReading: () => {
      child.stdout!.destroy();
      child.stderr!.destroy();
    },
  };
}

async function run(request: ProcessRequest): Promise<ProcessResult> {
  const outputs = new ProcessOutputs(request);
  const [program, ...args] = request.argv;
  if (program === undefined) return outputs.notStarted('empty command');
  if (request.signal?.aborted) return outputs.interrupted();
  // detached: the program leads a new session and process group (setsid), so its whole tree can
  // be signalled at once, and a Ctrl-C on the terminal reaches soce only, which stops it cleanly.
  const env = request.env === undefined ? undefined : { ...process.env, ...request.env };
  const child = spawn(program, args, { cwd: request.cwd, env, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once('error', resolve));
    return outputs.notStarted(error.message);
  }
  const pid = child.pid;
  installExitHook();
  live.add(pid);
  try {
    const outcome = await supervise(spawnedGroup(child as ChildProcess & { pid: number }, outputs.stdout, outputs.stderr), request);
    return { ...outcome, ...outputs.read() };
  } finally {
    live.delete(pid);
    if (live.size === 0) {
      for (const resolve of idle) resolve();
      idle = [];
    }
  }
}

/**
 * Runs programs with `child_process.spawn` (no shell), each in a process group of its own; a
 * time-out, an abort or processes left behind stop the whole group (SIGTERM, then SIGKILL).
 */
export const nodeProcessRunner: NodeProcessRunner = {
  run,
  settled: () => (live.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),
};
