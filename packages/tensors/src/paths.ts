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
