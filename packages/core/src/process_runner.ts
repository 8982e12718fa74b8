/**
 * Running an external program, as an interface so that the pipeline stays runtime-neutral: Node
 * (`@soce/core/node`) and Deno (`@soce/core/deno`) implement it with their own process APIs.
 * @module
 */

/** How to run one program. */
export interface ProcessRequest {
  /** The program and its arguments. Run directly, never through a shell. */
  readonly argv: readonly string[];
  /** Kill the program (and report a time-out) after this many milliseconds. */
  readonly timeoutMs: number;
  /** The working directory; the current one when absent. */
  readonly cwd?: string;
}

/** What a finished (or killed) program left behind. */
export interface ProcessResult {
  /** The exit code, or `null` when the program was killed by a signal or could not start. */
  readonly exitCode: number | null;
  /** Everything it printed on standard output. */
  readonly stdout: string;
  /** Everything it printed on standard error. */
  readonly stderr: string;
  /** Whether it was killed for running longer than `timeoutMs`. */
  readonly timedOut: boolean;
  /** Why it could not start (program not found, not executable), if so. */
  readonly spawnError?: string;
}

/** Runs programs. */
export interface ProcessRunner {
  /** Runs `request.argv` to completion or time-out; never rejects for the program's failures. */
  run(request: ProcessRequest): Promise<ProcessResult>;
}
