/**
 * The runtime a test runs under (core's tests run under Node and Deno): its process runner, its file
 * system and a fresh temporary directory, so a test exercises the real implementation of whichever
 * runtime runs it.
 * @module
 */
import { joinPath, type FileSystem } from '@soce/tensors';
import type { ProcessRunner } from '../src/process_runner.ts';

/** What a test needs of the runtime it runs under. */
export interface TestRuntime {
  readonly runner: ProcessRunner;
  readonly fs: FileSystem;
  /** Makes a new temporary directory whose name starts with the prefix given to {@link currentRuntime}. */
  readonly tempDir: () => Promise<string>;
}

/** The process runner and file system of the runtime the tests run under; temporary directories start with `prefix`. */
export async function currentRuntime(prefix: string): Promise<TestRuntime> {
  if ('Deno' in globalThis) {
    const { denoProcessRunner } = await import('@soce/core/deno');
    const { denoFileSystem } = await import('@soce/tensors/deno');
    const deno = (globalThis as unknown as { Deno: { makeTempDir(options: { prefix: string }): Promise<string> } }).Deno;
    return { runner: denoProcessRunner, fs: denoFileSystem, tempDir: () => deno.makeTempDir({ prefix }) };
  }
  const { nodeProcessRunner } = await import('@soce/core/node');
  const { nodeFileSystem } = await import('@soce/tensors/node');
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  return { runner: nodeProcessRunner, fs: nodeFileSystem, tempDir: () => mkdtemp(joinPath(tmpdir(), prefix)) };
}
