import { spawn } from 'node:child_process';
import type { ProcessRequest, ProcessResult, ProcessRunner } from '../../process_runner.ts';

/** Runs programs with `child_process.spawn` (no shell); a time-out kills the program with SIGKILL. */
export const nodeProcessRunner: ProcessRunner = {
  run(request: ProcessRequest): Promise<ProcessResult> {
    return new Promise((resolve) => {
      const [program, ...args] = request.argv;
      if (program === undefined) {
        resolve({ exitCode: null, stdout: '', stderr: '', timedOut: false, spawnError: 'empty command' });
        return;
      }
      const child = spawn(program, args, { cwd: request.cwd, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timedOut = false;
      let spawnError: string | undefined;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, request.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) => {
        spawnError = error.message;
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({
          // A program that never started reports a negative errno as its code.
          exitCode: spawnError === undefined ? code : null,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          timedOut,
          ...(spawnError === undefined ? {} : { spawnError }),
        });
      });
    });
  },
};
