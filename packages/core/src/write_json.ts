import { joinPath, writeTextFile, type FileSystem } from '@soce/tensors';

/**
 * Writes `value` as indented JSON to `dir/name` under a temporary name first, so a reader never
 * sees half a file and a crash leaves the previous version in place.
 */
export async function writeJsonAtomically(fs: FileSystem, dir: string, name: string, value: unknown): Promise<void> {
  await fs.mkdir(dir);
  const path = joinPath(dir, name);
  const temporary = joinPath(dir, `.${name}.tmp-${Math.random().toString(36).slice(2)}`);
  await writeTextFile(fs, temporary, `${JSON.stringify(value, null, 2)}\n`);
  await fs.remove(path);
  await fs.rename(temporary, path);
}
