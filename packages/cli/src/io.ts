/** Where a command writes: the process's streams in `main.ts`, buffers in tests. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Whether standard error is an interactive terminal (live progress) or a log (plain lines). */
  readonly interactive: boolean;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
}
