/**
 * The little path arithmetic checkpoints need, on `/`-separated strings so it is the same in every
 * runtime (Node and Deno accept `/` on Windows too).
 * @module
 */

/** `dir/name`, without doubling a trailing slash. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** `path` without trailing slashes (but `/` stays `/`). */
export function trimTrailingSlashes(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' && path.startsWith('/') ? '/' : trimmed;
}

/** The last segment of `path`. */
export function baseName(path: string): string {
  const trimmed = trimTrailingSlashes(path);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * Whether `name` is a plain file name that stays inside the directory it is joined to: no
 * separators of any platform, no `.`/`..`, no drive letters or NUL. Shard names in an index come
 * from a downloaded file, so anything else could make a reader open files elsewhere.
 */
export function isBareFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\:\0]/.test(name);
}

/** Whether `path` starts at a root: `/…`, or a Windows drive (`C:/…`, `C:\…`). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

/**
 * `path` with `/` separators (Windows paths too), without `.` segments, repeated slashes and
 * `dir/..` pairs; `..` that climb above a relative path's start are kept, above a root dropped.
 * `''` becomes `.`.
 */
export function normalizePath(path: string): string {
  // A Windows path may use `\`; elsewhere a backslash is part of a file name.
  const slashed = /^[A-Za-z]:\\/.test(path) ? path.replaceAll('\\', '/') : path;
  // Drive letters are case-insensitive: one spelling, so that paths compare equal.
  const root = (/^(?:[A-Za-z]:)?\//.exec(slashed)?.[0] ?? '').toUpperCase();
  const parts: string[] = [];
  for (const part of slashed.slice(root.length).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else if (part !== '..' || root === '') parts.push(part);
  }
  const joined = parts.join('/');
  return root === '' ? joined || '.' : `${root}${joined}`;
}

/** The directory `path` is in: `/a/b` → `/a`, `b` → `.`, `/` → `/`. */
export function parentPath(path: string): string {
  return normalizePath(joinPath(path, '..'));
}

/** `path` resolved against the directory `base`, unless it is absolute; normalised. */
export function resolvePath(base: string, path: string): string {
  return normalizePath(isAbsolutePath(path) ? path : joinPath(base, path));
}

/**
 * The path from the directory `from` to `to`, as `../models/a`; `undefined` when one is absolute
 * and the other relative, or they are on different Windows drives (no relative path exists).
 */
export function relativePath(from: string, to: string): string | undefined {
  if (isAbsolutePath(from) !== isAbsolutePath(to)) return undefined;
  const a = normalizePath(from).split('/').filter((part) => part !== '' && part !== '.');
  const b = normalizePath(to).split('/').filter((part) => part !== '' && part !== '.');
  if (isAbsolutePath(from) && /^[A-Z]:$/.test(a[0] ?? '') && a[0] !== b[0]) return undefined;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
  if (a.slice(common).includes('..')) return undefined;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/') || '.';
}
