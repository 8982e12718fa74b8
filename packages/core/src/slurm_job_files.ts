/**
 * The files of a soce Slurm job, all in one job directory on storage that the submitting machine
 * and the compute nodes both see: the batch script `<name>.sbatch`, and per submission (job id)
 * the log `<name>.<id>.log` (stdout and stderr) and the exit-code file `<name>.<id>.exit` that the
 * script writes when its commands end. They tell a job's fate when Slurm no longer remembers it
 * (no accounting, and the job older than slurmctld's MinJobAge).
 */
import { joinPath } from '@soce/tensors';
import { SlurmError } from './slurm_error.ts';
import type { JobState } from './slurm_job_state.ts';

/** The batch script of the job named `name`. */
export function jobScriptPath(dir: string, name: string): string {
  return joinPath(dir, `${name}.sbatch`);
}

/** The log of submission `id` of the job named `name`. */
export function jobLogPath(dir: string, name: string, id: string): string {
  return joinPath(dir, `${name}.${id}.log`);
}

/** The exit-code file of submission `id` of the job named `name`. */
export function jobExitCodePath(dir: string, name: string, id: string): string {
  return joinPath(dir, `${name}.${id}.exit`);
}

/** The job ids whose log or exit-code file of the job named `name` is among `entries` (a directory's names), in id order. */
export function jobIdsInDir(entries: readonly string[], name: string): string[] {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (!entry.startsWith(`${name}.`)) continue;
    const id = /^([0-9]+)\.(?:log|exit)$/.exec(entry.slice(name.length + 1))?.[1];
    if (id !== undefined) ids.add(id);
  }
  return [...ids].sort((a, b) => Number(a) - Number(b));
}

/** The exit code in an exit-code file: one integer and a newline. */
export function parseExitCode(text: string, path: string): number {
  const match = /^\s*([0-9]{1,3})\s*$/.exec(text);
  if (match === null) throw new SlurmError('unexpected-output', `${path} holds ${JSON.stringify(text.slice(0, 80))}, expected an exit code`);
  return Number(match[1]);
}

/** What Slurm wrote into a job's log when it ended the job. */
export interface LogNotice {
  readonly state: Extract<JobState, 'CANCELLED' | 'TIMEOUT' | 'PREEMPTED' | 'NODE_FAIL' | 'OUT_OF_MEMORY'>;
  /** Slurm's line, e.g. `*** JOB 12 ON node1 CANCELLED AT 2025-05-20T10:00:00 DUE TO TIME LIMIT ***`. */
  readonly reason: string;
}

const CANCEL_NOTICE = /\*\*\* JOB [0-9]+ ON \S+ CANCELLED AT \S+(?: DUE TO ([A-Z ]+?))? \*\*\*/g;
const OOM_NOTICE = /Detected [0-9]+ oom[-_]kill event(?:s|\(s\))? in StepId=[^\s.]+(?:\.[^\s.]+)?/i;
const DUE_TO: Readonly<Record<string, LogNotice['state']>> = { 'TIME LIMIT': 'TIMEOUT', PREEMPTION: 'PREEMPTED', 'NODE FAILURE': 'NODE_FAIL' };

/**
 * How Slurm ended the job, from the end of its log: slurmstepd writes `*** JOB <id> ON <node>
 * CANCELLED AT <time> [DUE TO TIME LIMIT|PREEMPTION|NODE FAILURE] ***` when it kills a job, and
 * reports out-of-memory kills where the cgroup plugin counts them. Undefined when the log holds
 * neither (the job ended by itself, or was killed without a word).
 */
export function parseLogNotice(logTail: string): LogNotice | undefined {
  const cancel = [...logTail.matchAll(CANCEL_NOTICE)].at(-1);
  if (cancel !== undefined) {
    const due = cancel[1];
    return { state: due === undefined ? 'CANCELLED' : (DUE_TO[due] ?? 'CANCELLED'), reason: cancel[0] };
  }
  const oom = OOM_NOTICE.exec(logTail);
  return oom === null ? undefined : { state: 'OUT_OF_MEMORY', reason: oom[0] };
}
