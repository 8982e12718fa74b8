/** The states soce tells apart for a Slurm job, waiting or running first, then the final ones. */
export const JOB_STATES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'CANCELLED', 'PREEMPTED'] as const;

/** A Slurm job's state as soce sees it. */
export type JobState = (typeof JOB_STATES)[number];

/**
 * Slurm's job states (squeue's `%T`, sacct's `State`) → soce's. Waiting states, held ones
 * included, are PENDING; states with an allocation (suspended, completing, staging out) are
 * RUNNING until Slurm settles on a final state. Final states keep their meaning: BOOT_FAIL is a
 * node failure, DEADLINE a time limit, REVOKED (a federation sibling ran the job) a cancellation,
 * SPECIAL_EXIT a failure.
 */
const FROM_SLURM: Readonly<Record<string, JobState>> = {
  PENDING: 'PENDING',
  REQUEUED: 'PENDING',
  REQUEUE_FED: 'PENDING',
  REQUEUE_HOLD: 'PENDING',
  RESV_DEL_HOLD: 'PENDING',
  CONFIGURING: 'RUNNING',
  RUNNING: 'RUNNING',
  COMPLETING: 'RUNNING',
  SUSPENDED: 'RUNNING',
  STOPPED: 'RUNNING',
  SIGNALING: 'RUNNING',
  STAGE_OUT: 'RUNNING',
  RESIZING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  SPECIAL_EXIT: 'FAILED',
  TIMEOUT: 'TIMEOUT',
  DEADLINE: 'TIMEOUT',
  OUT_OF_MEMORY: 'OUT_OF_MEMORY',
  NODE_FAIL: 'NODE_FAIL',
  BOOT_FAIL: 'NODE_FAIL',
  CANCELLED: 'CANCELLED',
  REVOKED: 'CANCELLED',
  PREEMPTED: 'PREEMPTED',
};

/**
 * soce's state for a Slurm state as squeue or sacct print it (`CANCELLED by 1000` and `RUNNING+`
 * included); undefined for a state this Slurm version invented, so that the caller asks another
 * source instead of guessing.
 */
export function jobStateOf(slurmState: string): JobState | undefined {
  const word = /^[A-Z_]+/.exec(slurmState.trim())?.[0];
  return word === undefined || !Object.hasOwn(FROM_SLURM, word) ? undefined : FROM_SLURM[word];
}

/** Whether a job in `state` is over: it will not run (again) by itself. */
export function isFinalState(state: JobState): boolean {
  return state !== 'PENDING' && state !== 'RUNNING';
}
