import { writeJsonAtomically } from '@soce/core';
import type { FileSystem } from '@soce/tensors';
import { MnistDemoError } from './errors.ts';

/** The marker that makes a directory a demo's, so a rerun may clear it. */
export const DEMO_MARKER = 'soce-demo.json';

/**
 * Makes `out` an empty demo directory marked with `marker`: a new or empty directory, or one an
 * earlier demo made (its marker says so), which is cleared. Anything else is refused untouched, so
 * a mistyped `--out` never deletes a user's files.
 */
export async function claimDemoDir(fs: FileSystem, out: string, marker: Readonly<Record<string, unknown>>): Promise<void> {
  const kind = await fs.kind(out);
  if (kind === 'directory') {
    const entries = await fs.list(out);
    if (entries.length > 0 && !entries.includes(DEMO_MARKER)) {
      throw new MnistDemoError(`${out} is not empty and was not made by the demo; choose a new or empty directory as out`);
    }
    await fs.remove(out);
  } else if (kind !== undefined) {
    throw new MnistDemoError(`${out} exists and is not a directory; choose a directory as out`);
  }
  await fs.mkdir(out);
  await writeJsonAtomically(fs, out, DEMO_MARKER, marker);
}
