import { CONFIG_NAME, SINGLE_WEIGHTS_NAME } from './checkpoint.ts';
import { writeTextFile, type FileSystem } from './file_system.ts';
import { joinPath } from './paths.ts';
import { writeSafetensors, type Tensor } from './safetensors_writer.ts';

/** What {@link saveCheckpoint} writes beside the weights. */
export interface SaveCheckpointOptions {
  /** Written as `config.json` when given. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** The safetensors `__metadata__`; `{ format: 'pt' }` by default, as transformers writes. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Saves a small in-memory model as a checkpoint directory (`model.safetensors`, and `config.json`
 * when given) that {@link openCheckpoint} and `soce merge` read back. The directory is created if
 * needed; existing files of the same names are replaced.
 */
export async function saveCheckpoint(fs: FileSystem, dir: string, tensors: readonly Tensor[], options: SaveCheckpointOptions = {}): Promise<void> {
  await fs.mkdir(dir);
  const sink = await fs.create(joinPath(dir, SINGLE_WEIGHTS_NAME));
  try {
    await writeSafetensors(sink, tensors, options.metadata ?? { format: 'pt' });
  } finally {
    await sink.close();
  }
  if (options.config !== undefined) await writeTextFile(fs, joinPath(dir, CONFIG_NAME), `${JSON.stringify(options.config, null, 2)}\n`);
}
