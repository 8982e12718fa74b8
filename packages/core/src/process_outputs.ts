import { OutputTail } from './output_tail.ts';
import { DEFAULT_OUTPUT_TAIL_BYTES, type ProcessRequest, type ProcessResult } from './process_runner.ts';

/**
 * What the Node and Deno process runners keep of one run: the capped tails of its stdout and
 * stderr, and the results they give before the process runs.
 */
export class ProcessOutputs {
  readonly stdout: OutputTail;
  readonly stderr: OutputTail;

  constructor(request: ProcessRequest) {
    this.stdout = new OutputTail(request.maxOutputBytes ?? DEFAULT_OUTPUT_TAIL_BYTES);
    this.stderr = new OutputTail(request.maxOutputBytes ?? DEFAULT_OUTPUT_TAIL_BYTES);
  }

  /** The output fields of a result: both tails and how many bytes each stream wrote. */
  read(): Pick<ProcessResult, 'stdout' | 'stderr' | 'stdoutBytes' | 'stderrBytes'> {
    return { stdout: this.stdout.text(), stderr: this.stderr.text(), stdoutBytes: this.stdout.totalBytes, stderrBytes: this.stderr.totalBytes };
  }

  /** The result of a process that could not be started, and why. */
  notStarted(spawnError: string): ProcessResult {
    return { exitCode: null, ...this.read(), timedOut: false, aborted: false, strayProcesses: false, spawnError };
  }

  /** The result of a request whose run was interrupted before its process started. */
  interrupted(): ProcessResult {
    return { ...this.notStarted('not started: the run was interrupted'), aborted: true };
  }
}
