import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from './usage_error.ts';

/**
 * Reads an input file named by a flag, relative to `cwd`. A file that is missing, a directory or
 * unreadable is bad input (exit 2), so the message names the flag and the path as typed.
 */
export async function readInputFile(cwd: string, file: string, flag: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    throw new UsageError(`${flag} ${file}: ${why}`);
  }
}
