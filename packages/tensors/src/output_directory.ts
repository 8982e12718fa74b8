/**
 * Where soce may write: an output directory is soce's own. It may never be, contain or lie inside
 * an input, and never be or contain the working or the home directory, since a merge replaces its
 * output as a whole and a run writes all over it. A marker file says "soce wrote this", so that
 * `--overwrite` replaces nothing else, and so that what a killed merge left behind
 * (`<out>.tmp-*`, `<out>.old-*`) can be recognised and removed.
 * @module
 */
import { writeTextFile, type FileSystem } from './file_system.ts';
import { OutputDirectoryError } from './output_directory_error.ts';
import { baseName, joinPath, trimTrailingSlashes } from './paths.ts';

/** The marker file soce writes into every directory it produces. */
export const OUTPUT_MARKER = '.soce-output.json';

/** What soce wrote: a soup (a checkpoint) or a run's directory (journals, reports, a soup). */
export type OutputKind = 'soup' | 'run';

/** A path that constrains where output may go, and how to name it in a message. */
export interface GuardedPath {
  /** The path (a checkpoint, the working directory, …). */
  readonly path: string;
  /** How the message names it: "the input models/a", "the working directory". */
  readonly label: string;
}

/** What {@link checkOutputPlacement} checks `out` against. */
export interface OutputPlacement {
  /** The inputs: `out` may not be, contain, or lie inside any of them. */
  readonly inputs: readonly GuardedPath[];
  /** Directories `out` may not be or contain (the working and home directories). */
  readonly protect?: readonly GuardedPath[] | undefined;
  /** How the message names the output: "--out soup", "soce.yaml: out". */
  readonly label?: string | undefined;
}

/** `a/./b/../c/` → `a/c`; keeps a leading `/`; `..` above a relative start is kept. */
function normalise(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

function parentOf(path: string): string | undefined {
  if (path === '/' || path === '.') return undefined;
  const slash = path.lastIndexOf('/');
  if (slash < 0) return '.';
  return slash === 0 ? '/' : path.slice(0, slash);
}

/** The canonical form of a path that may not exist yet: its deepest existing ancestor resolved, then the rest. */
async function canonical(fs: FileSystem, path: string): Promise<string> {
  const rest: string[] = [];
  let existing: string | undefined = normalise(path);
  while (existing !== undefined && (await fs.kind(existing)) === undefined) {
    rest.unshift(baseName(existing));
    existing = parentOf(existing);
  }
  const real = existing === undefined ? '.' : await fs.realPath(existing);
  return normalise([real, ...rest].join('/'));
}

/** Whether `path` lies strictly inside `dir` (both normalised, both absolute or both relative). */
function inside(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/') && path !== '/';
  if (dir === '.') return !path.startsWith('/') && path !== '.';
  return path.startsWith(`${dir}/`);
}

/** How `out` relates to `other`, in either form (as written, links resolved). */
function relation(outForms: readonly string[], otherForms: readonly string[]): 'is' | 'contains' | 'is inside' | undefined {
  for (const [i, out] of outForms.entries()) {
    const other = otherForms[i]!;
    if (out === other) return 'is';
    if (inside(other, out)) return 'contains';
  }
  for (const [i, out] of outForms.entries()) if (inside(out, otherForms[i]!)) return 'is inside';
  return undefined;
}

/**
 * Refuses an output directory that would overwrite or swallow what the user owns: one that is,
 * contains or lies inside an input, or is or contains a protected directory (the working
 * directory, the home directory). Paths are compared as written and with symbolic links resolved.
 * Throws an {@link OutputDirectoryError} (`output-overlaps`).
 */
export async function checkOutputPlacement(fs: FileSystem, out: string, placement: OutputPlacement): Promise<void> {
  const outForms = [normalise(out), await canonical(fs, out)];
  const label = placement.label === undefined ? `the output directory ${out}` : `${placement.label}: ${out}`;
  const refuse = (how: string, what: GuardedPath): never => {
    throw new OutputDirectoryError(
      'output-overlaps',
      out,
      `${label} ${how} ${what.label}${how === 'contains' && what.path !== out ? ` (${what.path})` : ''}; soce writes its output directory as a whole and may replace it, so give it a new directory of its own, away from the inputs, the working directory and your home directory (such as ./soup)`,
    );
  };
  for (const input of placement.inputs) {
    const how = relation(outForms, [normalise(input.path), await canonical(fs, input.path)]);
    if (how !== undefined) refuse(how, input);
  }
  for (const dir of placement.protect ?? []) {
    const how = relation(outForms, [normalise(dir.path), await canonical(fs, dir.path)]);
    if (how === 'is' || how === 'contains') refuse(how, dir);
  }
}

/** What soce wrote at `dir`, according to its marker; `undefined` when there is none (or it is not soce's). */
export async function readOutputMarker(fs: FileSystem, dir: string): Promise<OutputKind | undefined> {
  const path = joinPath(dir, OUTPUT_MARKER);
  if ((await fs.kind(path)) !== 'file') return undefined;
  try {
    const marker = JSON.parse(await fs.readText(path)) as { written_by?: unknown; kind?: unknown };
    if (marker.written_by !== 'soce') return undefined;
    return marker.kind === 'soup' || marker.kind === 'run' ? marker.kind : undefined;
  } catch {
    return undefined;
  }
}

/** Marks `dir` (which must exist) as written by soce. */
export async function writeOutputMarker(fs: FileSystem, dir: string, kind: OutputKind, tool: string): Promise<void> {
  await writeTextFile(fs, joinPath(dir, OUTPUT_MARKER), `${JSON.stringify({ written_by: 'soce', kind, tool })}\n`);
}

/** The names of a merge's temporary directories beside `out`: `<out>.tmp-<id>` and `<out>.old-<id>`. */
export function isMergeLeftover(name: string, out: string): boolean {
  const base = baseName(out);
  if (!name.startsWith(`${base}.`)) return false;
  return /^\.(tmp|old)-[a-z0-9]{1,16}$/.test(name.slice(base.length));
}

/**
 * Removes what merges to `out` left when they were killed: soce-marked `<out>.tmp-*` (a soup cut
 * short) and `<out>.old-*` (a soup being replaced). Assumes no other merge to `out` is running
 * (the CLI holds a lock while it merges). Resolves with the paths removed, for the user to hear.
 */
export async function removeMergeLeftovers(fs: FileSystem, out: string): Promise<string[]> {
  const path = trimTrailingSlashes(out);
  const slash = path.lastIndexOf('/');
  const parent = slash < 0 ? '.' : path.slice(0, slash) || '/';
  if ((await fs.kind(parent)) !== 'directory') return [];
  const removed: string[] = [];
  for (const name of (await fs.list(parent)).sort()) {
    if (!isMergeLeftover(name, path)) continue;
    const leftover = slash < 0 ? name : joinPath(parent, name);
    if ((await fs.kind(leftover)) !== 'directory' || (await readOutputMarker(fs, leftover)) !== 'soup') continue;
    await fs.remove(leftover);
    removed.push(leftover);
  }
  return removed;
}
