import { homedir } from 'node:os';
import { RUN_FILES } from '@soce/core';
import { checkOutputPlacement, isMergeLeftover, joinPath, openCheckpoint, OutputDirectoryError, OUTPUT_MARKER, readOutputMarker, writeOutputMarker } from '@soce/tensors';
import { nodeFileSystem as fs } from '@soce/tensors/node';
import type { CliIo } from './io.ts';
import { acquireOutputLock, tookOverMessage, type OutputLock } from './output_lock.ts';

/** Where a run writes and what it reads, as its config file gave them. */
export interface RunPlacement {
  /** The run's directory, absolute. */
  readonly out: string;
  /** Candidate name → checkpoint path, absolute. */
  readonly candidates: Readonly<Record<string, string>>;
  /** The config file, as messages name it. */
  readonly source: string;
  /** Whether the run keeps every evaluated soup (`keepSoups`): then finished soups are not leftovers. */
  readonly keepSoups: boolean;
}

/** The lock file of a run, inside its directory. */
export const RUN_LOCK = 'soce.lock';

/** Directories the output of a command may not be or contain, whatever the inputs. */
export function protectedDirectories(cwd: string): { path: string; label: string }[] {
  return [
    { path: cwd, label: 'the working directory' },
    { path: homedir(), label: 'your home directory' },
  ];
}

/** Whether `dir` holds a journal of a run made before soce marked its directories. */
async function isEarlierRun(dir: string): Promise<boolean> {
  const journal = joinPath(dir, RUN_FILES.searchJournal);
  if ((await fs.kind(journal)) !== 'file') return false;
  const first = (await fs.readText(journal)).split('\n', 1)[0] ?? '';
  return first.includes('"format":"soce-search-journal"');
}

/**
 * Whether `dir` is a soup an earlier soce wrote before soups had a marker: every shard it wrote
 * records the tool in its header metadata (`soce_tool`).
 */
async function isEarlierSoup(dir: string): Promise<boolean> {
  try {
    const checkpoint = await openCheckpoint(fs, dir);
    try {
      const first = checkpoint.tensors.values().next().value;
      return first !== undefined && (first.file.header.metadata['soce_tool'] ?? '').startsWith('soce ');
    } finally {
      await checkpoint.close();
    }
  } catch {
    return false;
  }
}

/**
 * Makes `run.out` this run's own before anything is written there, and returns its lock:
 * - it may not be, contain or lie inside a candidate, nor be or contain the working or home directory;
 * - an existing directory must be a soce run's (its marker, or a journal of an earlier soce) or empty;
 * - an existing `soup/` in it must be a soup soce wrote (its marker, or in a run of an earlier soce
 *   the metadata soce writes into every shard), since the run replaces it;
 * - no other soce may be running there (a lock file holds pid, host and start time; a stale one
 *   is taken over, and the user told);
 * - what a killed run left in `soups/` (temporary and unfinished soups) is removed, and reported.
 */
export async function claimRunDirectory(run: RunPlacement, io: CliIo, command: string): Promise<OutputLock> {
  const { out } = run;
  await checkOutputPlacement(fs, out, {
    label: `${run.source}: out`,
    inputs: Object.entries(run.candidates).map(([name, path]) => ({ path, label: `candidate ${name}` })),
    protect: protectedDirectories(io.cwd),
  });
  const kind = await fs.kind(out);
  if (kind !== undefined) {
    const ours = kind === 'directory' && ((await readOutputMarker(fs, out)) === 'run' || (await fs.list(out)).length === 0 || (await isEarlierRun(out)));
    if (!ours) {
      throw new OutputDirectoryError('output-not-soce', out, `${run.source}: out: ${out} exists and is not a soce run's directory (it has no ${OUTPUT_MARKER} and no journal); soce run writes all over it: give the run a new directory`);
    }
  }
  await fs.mkdir(out);
  const lockPath = joinPath(out, RUN_LOCK);
  const lock = await acquireOutputLock(lockPath, out, command);
  try {
    if (lock.tookOverFrom !== undefined) io.err(tookOverMessage(lockPath, lock.tookOverFrom));
    const soup = joinPath(out, RUN_FILES.soup);
    if ((await readOutputMarker(fs, out)) !== 'run') {
      // A run of an earlier soce resumes as it is: its journals are read as ever, and its soup,
      // recognised by the metadata soce wrote into it, gets the marker it lacked.
      if ((await fs.kind(soup)) === 'directory' && (await readOutputMarker(fs, soup)) === undefined && (await isEarlierSoup(soup))) {
        await writeOutputMarker(fs, soup, 'soup', 'soce');
      }
      await writeOutputMarker(fs, out, 'run', 'soce');
    }
    if ((await fs.kind(soup)) !== undefined && (await readOutputMarker(fs, soup)) !== 'soup') {
      throw new OutputDirectoryError('output-not-soce', soup, `${soup} exists and is not a soup written by soce (it has no ${OUTPUT_MARKER}); the run writes its soup there: move it away and rerun`);
    }
    for (const leftover of await runLeftovers(out, run.keepSoups)) {
      await fs.remove(leftover);
      io.err(`soce: removed ${leftover}, left by a run that was stopped before it finished\n`);
    }
  } catch (error) {
    await lock.release();
    throw error;
  }
  return lock;
}

/** Soups of a stopped run: temporary directories, and finished soups that were to be deleted after their evaluation. */
async function runLeftovers(out: string, keepSoups: boolean): Promise<string[]> {
  const found: string[] = [];
  const soups = joinPath(out, RUN_FILES.soups);
  if ((await fs.kind(soups)) === 'directory') {
    for (const name of (await fs.list(soups)).sort()) {
      const path = joinPath(soups, name);
      const leftover = /\.(tmp|old)-[a-z0-9]{1,16}$/.test(name) || !keepSoups;
      if (leftover && (await fs.kind(path)) === 'directory' && (await readOutputMarker(fs, path)) === 'soup') found.push(path);
    }
  }
  for (const name of (await fs.list(out)).sort()) {
    const path = joinPath(out, name);
    if (isMergeLeftover(name, joinPath(out, RUN_FILES.soup)) && (await readOutputMarker(fs, path)) === 'soup') found.push(path);
  }
  return found;
}
