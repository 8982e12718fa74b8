/**
 * The files a soup needs beside its weights: `config.json` (with the soup's dtype) and the
 * tokenizer and generation files, copied from one of the ingredients.
 * @module
 */
import { CheckpointError } from './checkpoint_error.ts';
import { CONFIG_NAME } from './checkpoint.ts';
import { TORCH_DTYPE_NAMES, type FloatDtype } from './dtype.ts';
import { copyFile, writeTextFile, type FileSystem } from './file_system.ts';
import { joinPath } from './paths.ts';

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

/**
 * Copies `config.json` (adjusted by `changes`) and every file of {@link COPIED_FILE_NAMES} present in
 * `from` into `to`; returns the names written.
 */
export async function copySoupFiles(fs: FileSystem, from: string, to: string, changes: ConfigChanges): Promise<string[]> {
  const written: string[] = [];
  const configPath = joinPath(from, CONFIG_NAME);
  if ((await fs.kind(configPath)) === 'file') {
    let config: unknown;
    try {
      config = JSON.parse(await fs.readText(configPath)) as unknown;
    } catch (error) {
      throw new CheckpointError('bad-config', configPath, `${configPath} is not valid JSON (${error instanceof Error ? error.message : String(error)}); restore it or copy files from another model`);
    }
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      throw new CheckpointError('bad-config', configPath, `${configPath} must hold a JSON object; restore it or copy files from another model`);
    }
    await writeTextFile(fs, joinPath(to, CONFIG_NAME), `${JSON.stringify(soupConfig(config as Record<string, unknown>, changes), null, 2)}\n`);
    written.push(CONFIG_NAME);
  }
  for (const name of COPIED_FILE_NAMES) {
    const path = joinPath(from, name);
    if ((await fs.kind(path)) === 'file') {
      await copyFile(fs, path, joinPath(to, name));
      written.push(name);
    }
  }
  return written;
}
