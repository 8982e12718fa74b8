import type { ProcessRequest, ProcessResult, ProcessRunner } from '../../process_runner.ts';

// Deno's global is declared here rather than pulling Deno's whole lib into a package that also
// builds for Node.
declare const Deno: {
  Command: new (
    program: string,
    options: { args: string[]; cwd?: string; stdin: 'null'; stdout: 'piped'; stderr: 'piped'; signal: AbortSignal },
  ) => { output(): Promise<{ code: number; signal: string | null; stdout: Uint8Array; stderr: Uint8Array }> };
};

/** Runs programs with `Deno.Command` (no shell); a time-out aborts the program. Needs --allow-run. */
export const denoProcessRunner: ProcessRunner = {
  async run(request: ProcessRequest): Promise<ProcessResult> {
    const [program, ...args] = request.argv;
    if (program === undefined) return { exitCode: null, stdout: '', stderr: '', timedOut: false, spawnError: 'empty command' };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    try {
      const command = new Deno.Command(program, {
        args,
        ...(request.cwd === undefined ? {} : { cwd: request.cwd }),
        stdin: 'null',
        stdout: 'piped',
        stderr: 'piped',
        signal: controller.signal,
      });
      const output = await command.output();
      const decoder = new TextDecoder();
      return {
        exitCode: output.signal === null ? output.code : null,
        stdout: decoder.decode(output.stdout),
        stderr: decoder.decode(output.stderr),
        timedOut,
      };
    } catch (error) {
      return { exitCode: null, stdout: '', stderr: '', timedOut, spawnError: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  },
};
