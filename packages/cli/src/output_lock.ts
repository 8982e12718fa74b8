import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import process from 'node:process';
import { OutputDirectoryError } from '@soce/tensors';

/** Who holds a lock: written into the lock file as JSON. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601. */
  readonly started: string;
  /** What it is doing, e.g. `soce run --config soce.yaml`. */
  readonly command: string;
}

/** A lock held by this process. */
export interface OutputLock {
  /** The previous owner, when its lock was stale (its process is gone) and was taken over. */
  readonly tookOverFrom: LockOwner | undefined;
  /** Removes the lock file (if it is still ours). */
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.started === 'string') {
      return { pid: value.pid, host: value.host, started: value.started, command: typeof value.command === 'string' ? value.command : 'soce' };
    }
  } catch {
    // An unreadable lock: handled by the caller.
  }
  return undefined;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the lock file `path` for `out` (created exclusively, holding pid, host and start time),
 * so that two soce processes never write one output at once. A lock left by a process of this
 * host that is gone is taken over (and reported through `tookOverFrom`); a live one, or one
 * from another host, is an {@link OutputDirectoryError} (`output-locked`, exit code 2) naming it.
 * The lock is also removed when the process exits through `process.exit`.
 */
export async function acquireOutputLock(path: string, out: string, command: string): Promise<OutputLock> {
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command };
  const text = `${JSON.stringify(me)}\n`;
  let tookOverFrom: LockOwner | undefined;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST' || attempt > 20) throw error;
    }
    let current: string;
    try {
      current = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    const owner = parseOwner(current);
    if (owner === undefined) {
      // Being written by its owner right now, or damaged: wait a little before judging.
      if (attempt < 10) {
        await delay(50);
        continue;
      }
      throw new OutputDirectoryError('output-locked', out, `${out} is locked by ${path}, which soce cannot read; if no soce is writing ${out}, delete ${path} and rerun`);
    }
    if (owner.host !== me.host || alive(owner.pid)) {
      const where = owner.host === me.host ? '' : ` on ${owner.host}`;
      const stale = owner.host === me.host ? '' : `; if it is no longer running, delete ${path}`;
      throw new OutputDirectoryError('output-locked', out, `${out} is in use by another soce (pid ${owner.pid}${where}, started ${owner.started}: ${owner.command}); wait for it to finish or stop it, or give this one another output directory${stale}`);
    }
    // Stale: move it aside under a name of our own, and take it over only if what we moved is
    // the lock we judged (another process may have taken it over first).
    const aside = `${path}.stale-${process.pid}`;
    try {
      await rename(path, aside);
    } catch {
      continue;
    }
    const moved = await readFile(aside, 'utf8').catch(() => '');
    if (moved === current) {
      await rm(aside, { force: true });
      tookOverFrom = owner;
    } else {
      // Someone else's fresh lock: put it back and look again.
      await rename(aside, path).catch(() => undefined);
    }
  }
  let released = false;
  const releaseSync = (): void => {
    if (released) return;
    released = true;
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', releaseSync);
  return {
    tookOverFrom,
    release: async () => {
      process.off('exit', releaseSync);
      releaseSync();
    },
  };
}

/** The line telling the user that a stale lock was taken over. */
export function tookOverMessage(path: string, owner: LockOwner): string {
  return `soce: took over ${path} from pid ${owner.pid} (${owner.command}, started ${owner.started}), which is no longer running\n`;
}
