/**
 * The files a soup needs beside its weights: `config.json` (with the soup's dtype) and the
 * tokenizer and generation files, copied from one of the ingredients — never through a link that
 * leads elsewhere on the machine, and never more readable than they were.
 * @module
 */
import { CheckpointError } from './checkpoint_error.ts';
import { CONFIG_NAME } from './checkpoint.ts';
import { TORCH_DTYPE_NAMES, type FloatDtype } from './dtype.ts';
import { copyFile, writeTextFile, type FileSystem } from './file_system.ts';
import { joinPath } from './paths.ts';
import { SideFileError } from './side_file_error.ts';

/** Files copied unchanged when present: tokenizers of every common kind, chat templates, generation defaults. */
export const COPIED_FILE_NAMES: readonly string[] = [
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'added_tokens.json',
  'tokenizer.model',
  'spiece.model',
  'sentencepiece.bpe.model',
  'vocab.json',
  'vocab.txt',
  'merges.txt',
  'chat_template.jinja',
  'chat_template.json',
  'preprocessor_config.json',
  'processor_config.json',
];

/** How the soup's `config.json` differs from its source's. */
export interface ConfigChanges {
  /** The soup's float type (`torch_dtype`, and `dtype` where newer transformers wrote it). */
  readonly floatDtype: FloatDtype | undefined;
  /** Whether `lm_head.weight` is stored although the source config ties it. */
  readonly untieLmHead: boolean;
}

/** The source config with the soup's dtype and tying. */
export function soupConfig(config: Readonly<Record<string, unknown>>, changes: ConfigChanges): Record<string, unknown> {
  const result: Record<string, unknown> = { ...config };
  if (changes.floatDtype !== undefined) {
    result['torch_dtype'] = TORCH_DTYPE_NAMES[changes.floatDtype];
    if ('dtype' in result) result['dtype'] = TORCH_DTYPE_NAMES[changes.floatDtype];
  }
  if (changes.untieLmHead) result['tie_word_embeddings'] = false;
  return result;
}

/** A side file found in a checkpoint, checked to be safe to copy. */
export interface SideFile {
  /** Its name in the checkpoint (and in the soup). */
  readonly name: string;
  /** Its path in the checkpoint. */
  readonly path: string;
}

/**
 * The side files of checkpoint directory `from` — `config.json` and every file of
 * {@link COPIED_FILE_NAMES} present — each checked to lie inside the checkpoint once symbolic
 * links are resolved. A link out of it is followed only into the Hugging Face cache layout: a
 * snapshot `…/models--org--name/snapshots/<revision>/` links its files to `…/models--org--name/blobs/<hash>`
 * of the same repository cache. Any other link is a {@link SideFileError}: a soup may be
 * published, and must not carry a file from elsewhere on the machine. Call it before writing
 * anything, so a refusal leaves nothing behind.
 */
export async function findSoupFiles(fs: FileSystem, from: string): Promise<SideFile[]> {
  const home = await fs.realPath(from);
  const parent = home.slice(0, home.lastIndexOf('/'));
  // A snapshot directory's repository cache: …/models--org--name for …/models--org--name/snapshots/<rev>.
  const repoCache = parent.endsWith('/snapshots') ? parent.slice(0, -'/snapshots'.length) : undefined;
  const found: SideFile[] = [];
  for (const name of [CONFIG_NAME, ...COPIED_FILE_NAMES]) {
    const path = joinPath(from, name);
    if ((await fs.kind(path)) !== 'file') continue;
    const real = await fs.realPath(path);
    const inside = real.startsWith(`${home}/`);
    const blob = repoCache !== undefined && real.startsWith(`${repoCache}/blobs/`) && !real.slice(repoCache.length + '/blobs/'.length).includes('/');
    if (!inside && !blob) {
      throw new SideFileError(
        'link-leaves-checkpoint',
        path,
        `${path} is a link to ${real}, outside the checkpoint ${from}; soce copies config and tokenizer files only from inside a checkpoint (or from its Hugging Face cache), since a soup may be published: copy the file into the checkpoint in place of the link, or copy these files from another directory (copyFrom)`,
      );
    }
    found.push({ name, path });
  }
  return found;
}

/**
 * Copies the side files found by {@link findSoupFiles} into `to`: `config.json` adjusted by
 * `changes`, the others unchanged, each with its source's permission bits (a private tokenizer
 * stays private); returns the names written.
 */
export async function copySoupFiles(fs: FileSystem, files: readonly SideFile[], to: string, changes: ConfigChanges): Promise<string[]> {
  const written: string[] = [];
  for (const { name, path } of files) {
    if (name === CONFIG_NAME) {
      await writeConfig(fs, path, joinPath(to, CONFIG_NAME), changes);
    } else {
      await copyFile(fs, path, joinPath(to, name));
    }
    written.push(name);
  }
  return written;
}

async function writeConfig(fs: FileSystem, configPath: string, to: string, changes: ConfigChanges): Promise<void> {
  let config: unknown;
  try {
    config = JSON.parse(await fs.readText(configPath)) as unknown;
  } catch (error) {
    throw new CheckpointError('bad-config', configPath, `${configPath} is not valid JSON (${error instanceof Error ? error.message : String(error)}); restore it or copy files from another model`);
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new CheckpointError('bad-config', configPath, `${configPath} must hold a JSON object; restore it or copy files from another model`);
  }
  await writeTextFile(fs, to, `${JSON.stringify(soupConfig(config as Record<string, unknown>, changes), null, 2)}\n`, { mode: await fs.mode(configPath) });
}
