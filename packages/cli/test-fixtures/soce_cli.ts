/**
 * `soce` for the CLI's tests: run in-process (`runSoce`: its exit code and everything it printed),
 * or started as a real process (`startSoce`: Node with tsx running this checkout's CLI, as a
 * user's shell would start it), with `until` to wait for something a running one does.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { runCli } from '../src/program.ts';

/**
 * The command that starts this checkout's CLI: Node with tsx by an absolute URL (children run in
 * temporary directories, where `--import tsx` finds nothing).
 */
export const SOCE_COMMAND: readonly string[] = [process.execPath, '--conditions=@soce/source', '--import', import.meta.resolve('tsx'), new URL('../src/main.ts', import.meta.url).pathname];

/** What an in-process run returned and printed. */
export interface SoceRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `soce <args>` in-process from `cwd`, as an interactive terminal or not. */
export async function runSoce(args: readonly string[], cwd: string, interactive = false): Promise<SoceRun> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t), interactive, cwd });
  return { code, out, err };
}

/** A `soce` running as a process of its own. */
export interface SoceProcess {
  readonly child: ChildProcess & { pid: number };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the child printed on stderr so far. */
  stderr(): string;
}

/** Starts `soce <args>` in `cwd` as a real process (stdout drained, stderr kept, no colours). */
export function startSoce(args: readonly string[], cwd: string): SoceProcess {
  const [node, ...options] = SOCE_COMMAND;
  const child = spawn(node!, [...options, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  assert.ok(child.pid !== undefined, 'soce started');
  return { child: child as ChildProcess & { pid: number }, exited, stderr: () => stderr };
}

/**
 * Polls `condition` every `every` ms until it holds; fails, with the child's stderr, if the child
 * exits first or `ms` pass.
 */
export async function until(condition: () => boolean, what: string, soce: SoceProcess, { ms = 120_000, every = 5 } = {}): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (soce.child.exitCode !== null || soce.child.signalCode !== null) assert.fail(`soce exited (${soce.child.exitCode ?? soce.child.signalCode}) before ${what}:\n${soce.stderr()}`);
    if (Date.now() > end) assert.fail(`no ${what} after ${ms} ms:\n${soce.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
