/**
 * The life cycle both process runners share, written once over a few primitives of a spawned
 * process group: when to send SIGTERM to the group, when SIGKILL, and when to stop waiting for
 * its pipes. See `process_runner.ts` for the promises it keeps.
 * @module
 */
import type { AbortSignalLike } from '@soce/search';
import { DEFAULT_KILL_GRACE_MS } from './process_runner.ts';

/** A program started as the leader of a new process group, seen through its runtime's API. */
export interface SpawnedGroup {
  /** Resolves with the leader's exit code (`null` when a signal ended it) once it is reaped. */
  readonly exited: Promise<number | null>;
  /** Resolves when both pipes reached their end (every process holding them is gone). */
  readonly drained: Promise<void>;
  /** Sends `signal` to every process of the group; a group already gone is fine. */
  signalGroup(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Whether any process of the group is still alive. */
  groupAlive(): boolean;
  /** Stops reading the pipes and closes them; `drained` may then never resolve. */
  stopReading(): void;
}

/** What the supervision saw, besides the output. */
export interface Supervised {
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  readonly strayProcesses: boolean;
}

/** Options of {@link supervise}. */
export interface SuperviseOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignalLike | undefined;
  readonly killGraceMs?: number | undefined;
}

/**
 * Waits for a spawned group to finish: the leader exits and its pipes close. A time-out or an
 * abort stops the group (SIGTERM, then SIGKILL after the grace period, then the pipes are closed);
 * so does the leader's exit when processes of its group outlive it. Pipes held open by a process
 * outside the group are closed after the grace period.
 */
export function supervise(group: SpawnedGroup, options: SuperviseOptions): Promise<Supervised> {
  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  let timedOut = false;
  let aborted = false;
  let strayProcesses = false;
  let stopping = false;
  let readingStopped = false;
  const timers: ReturnType<typeof setTimeout>[] = [];

  let finishReading!: () => void;
  const readingDone = new Promise<void>((resolve) => {
    finishReading = resolve;
  });
  const stopReading = (): void => {
    if (readingStopped) return;
    readingStopped = true;
    group.stopReading();
    finishReading();
  };
  void group.drained.then(finishReading);

  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    group.signalGroup('SIGTERM');
    timers.push(
      setTimeout(() => {
        group.signalGroup('SIGKILL');
        stopReading();
      }, grace),
    );
  };

  let exited = false;
  const timeout = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  timers.push(timeout);
  const onAbort = (): void => {
    aborted ||= !exited;
    stop();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return (async () => {
    try {
      const exitCode = await group.exited;
      exited = true;
      clearTimeout(timeout);
      if (group.groupAlive()) {
        strayProcesses = !stopping;
        stop();
      } else {
        // Only processes outside the group can still hold the pipes: give them the grace period.
        timers.push(setTimeout(stopReading, grace));
      }
      await readingDone;
      return { exitCode, timedOut, aborted, strayProcesses };
    } finally {
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  })();
}
