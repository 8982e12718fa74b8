/**
 * The `soce` command line as a library: run it in-process with your own output streams.
 * @module
 */
export { runCli } from './program.ts';
export type { CliIo } from './io.ts';
export { EXIT } from './exit_code.ts';
