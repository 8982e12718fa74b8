/**
 * Running an external program, as an interface so that the pipeline stays runtime-neutral: Node
 * (`@soce/core/node`) and Deno (`@soce/core/deno`) implement it with their own process APIs.
 *
 * What both promise: the program runs in a process group of its own, so that everything it starts
 * (a server in the background, a benchmark's worker processes) can be stopped with it. On a
 * time-out, on `signal` and when the program exits leaving processes behind, the whole group gets
 * SIGTERM, then SIGKILL after `killGraceMs`; once the group is killed its pipes are no longer read,
 * so a process that escaped the group cannot keep the run waiting. Only the last
 * `maxOutputBytes` of each stream are kept, so a chatty program cannot exhaust memory.
 * @module
 */
import type { AbortSignalLike } from '@soce/search';

/** The tail of each output stream kept by default: 1 MiB. */
export const DEFAULT_OUTPUT_TAIL_BYTES: number = 1024 * 1024;

/** Time between SIGTERM and SIGKILL by default: a benchmark may need a moment to release a GPU. */
export const DEFAULT_KILL_GRACE_MS: number = 5000;

/** How to run one program. */
export interface ProcessRequest {
  /** The program and its arguments. Run directly, never through a shell. */
  readonly argv: readonly string[];
  /** Stop the program's group (and report a time-out) after this many milliseconds. */
  readonly timeoutMs: number;
  /** The working directory; the current one when absent. */
  readonly cwd?: string;
  /** Variables added to (or replacing some of) the program's inherited environment. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Stops the program's group when it fires (the run was interrupted). */
  readonly signal?: AbortSignalLike | undefined;
  /** Milliseconds between SIGTERM and SIGKILL ({@link DEFAULT_KILL_GRACE_MS} by default). */
  readonly killGraceMs?: number | undefined;
  /** Bytes kept of each stream, the last ones ({@link DEFAULT_OUTPUT_TAIL_BYTES} by default). */
  readonly maxOutputBytes?: number | undefined;
}

/** What a finished (or stopped) program left behind. */
export interface ProcessResult {
  /** The exit code, or `null` when the program was killed by a signal or could not start. */
  readonly exitCode: number | null;
  /** The end of what it printed on standard output (all of it when within the cap). */
  readonly stdout: string;
  /** The end of what it printed on standard error. */
  readonly stderr: string;
  /** Bytes printed on standard output in all (more than `stdout` holds when it was capped). */
  readonly stdoutBytes: number;
  /** Bytes printed on standard error in all. */
  readonly stderrBytes: number;
  /** Whether it was stopped for running longer than `timeoutMs`. */
  readonly timedOut: boolean;
  /** Whether it was stopped because `signal` fired. */
  readonly aborted: boolean;
  /** Whether processes it started outlived it and were stopped. */
  readonly strayProcesses: boolean;
  /** Why it could not start (program not found, not executable), if so. */
  readonly spawnError?: string;
}

/** Runs programs. */
export interface ProcessRunner {
  /** Runs `request.argv` to completion, time-out or abort; never rejects for the program's failures. */
  run(request: ProcessRequest): Promise<ProcessResult>;
}
