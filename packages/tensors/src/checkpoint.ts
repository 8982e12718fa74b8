/**
 * Checkpoints as Hugging Face stores them: a directory with `model.safetensors`, or with shards
 * listed in `model.safetensors.index.json`, or a bare `.safetensors` file. Opening one validates
 * every header and the index; tensor data is read later, by byte range.
 * @module
 */
import { z } from 'zod';
import { CheckpointError } from './checkpoint_error.ts';
import type { FileSystem } from './file_system.ts';
import { openAll } from './open_all.ts';
import { isBareFileName, joinPath, trimTrailingSlashes } from './paths.ts';
import type { TensorInfo } from './safetensors_header.ts';
import { openSafetensors, type SafetensorsFile } from './safetensors_reader.ts';
import type { Tensor } from './safetensors_writer.ts';

/** The single-file weights name of a Hugging Face checkpoint directory. */
export const SINGLE_WEIGHTS_NAME = 'model.safetensors';
/** The shard index name of a sharded Hugging Face checkpoint directory. */
export const INDEX_NAME = 'model.safetensors.index.json';
/** The model configuration file of a checkpoint directory. */
export const CONFIG_NAME = 'config.json';

/** A tensor of a checkpoint: its header entry and the file it lives in. */
export interface CheckpointTensor extends TensorInfo {
  /** The safetensors file holding it. */
  readonly file: SafetensorsFile;
}

/** How a checkpoint stores its weights. */
export type CheckpointLayout = 'file' | 'single' | 'sharded';

/** An open checkpoint. Close it when done: it holds its files open. */
export interface Checkpoint {
  /** The path it was opened from. */
  readonly path: string;
  /** A bare file, a directory with `model.safetensors`, or a sharded directory. */
  readonly layout: CheckpointLayout;
  /** The directory holding config and tokenizer files; `undefined` for a bare file. */
  readonly directory: string | undefined;
  /** Every tensor, in storage order (shard by shard, then by offset). */
  readonly tensors: ReadonlyMap<string, CheckpointTensor>;
  /** `config.json`, when the directory has one. */
  readonly config: Readonly<Record<string, unknown>> | undefined;
  /** Reads `length` bytes from `start` within `tensor` (all of it by default). */
  read(tensor: CheckpointTensor, start?: number, length?: number, into?: Uint8Array): Promise<Uint8Array>;
  /** Closes every file. */
  close(): Promise<void>;
}

const indexSchema = z.object({
  metadata: z.record(z.string(), z.unknown()).optional(),
  weight_map: z.record(z.string(), z.string()),
});

async function readJson(fs: FileSystem, path: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readText(path)) as unknown;
  } catch (error) {
    const code = what === 'index' ? 'bad-index' : 'bad-config';
    throw new CheckpointError(code, path, `${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}); restore the file from the model's source`);
  }
}

async function readConfig(fs: FileSystem, directory: string): Promise<Record<string, unknown> | undefined> {
  const path = joinPath(directory, CONFIG_NAME);
  if ((await fs.kind(path)) !== 'file') return undefined;
  const config = await readJson(fs, path, 'config');
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new CheckpointError('bad-config', path, `${path} must hold a JSON object; restore the file from the model's source`);
  }
  return config as Record<string, unknown>;
}

async function closeAll(files: readonly SafetensorsFile[]): Promise<void> {
  await Promise.all(files.map((file) => file.close()));
}

function build(path: string, layout: CheckpointLayout, directory: string | undefined, files: readonly SafetensorsFile[], order: readonly CheckpointTensor[], config: Record<string, unknown> | undefined): Checkpoint {
  return {
    path,
    layout,
    directory,
    tensors: new Map(order.map((tensor) => [tensor.name, tensor])),
    config,
    read: (tensor, start, length, into) => tensor.file.read(tensor, start, length, into),
    close: () => closeAll(files),
  };
}

async function openSharded(fs: FileSystem, path: string, directory: string): Promise<Checkpoint> {
  const indexPath = joinPath(directory, INDEX_NAME);
  const parsed = indexSchema.safeParse(await readJson(fs, indexPath, 'index'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CheckpointError('bad-index', indexPath, `${indexPath}: ${issue?.path.join('.') || 'index'}: ${issue?.message ?? 'invalid'} (expected {"weight_map": {"tensor name": "shard file name"}}); restore the file from the model's source`);
  }
  const weightMap = parsed.data.weight_map;
  const shardNames = [...new Set(Object.values(weightMap))];
  if (shardNames.length === 0) {
    throw new CheckpointError('bad-index', indexPath, `${indexPath} lists no tensors; restore the file from the model's source`);
  }
  for (const shard of shardNames) {
    if (!isBareFileName(shard)) {
      throw new CheckpointError('shard-escapes', indexPath, `${indexPath} maps tensors to ${JSON.stringify(shard)}, which is not a file name inside the checkpoint directory; shard entries must be plain names like "model-00001-of-00002.safetensors"`);
    }
  }
  shardNames.sort();
  const files = await openAll(shardNames.map(async (shard) => {
    const shardPath = joinPath(directory, shard);
    if ((await fs.kind(shardPath)) !== 'file') {
      throw new CheckpointError('index-mismatch', indexPath, `${indexPath} lists shard ${shard}, but ${shardPath} does not exist; download the missing shard`);
    }
    return openSafetensors(fs, shardPath);
  }), (file) => file.close());
  try {
    const order: CheckpointTensor[] = [];
    for (const [i, file] of files.entries()) {
      const shard = shardNames[i]!;
      for (const tensor of file.header.tensors) {
        const listed = Object.hasOwn(weightMap, tensor.name) ? weightMap[tensor.name] : undefined;
        if (listed !== shard) {
          const where = listed === undefined ? 'the index does not list it' : `the index maps it to ${listed}`;
          throw new CheckpointError('index-mismatch', indexPath, `${file.path} holds tensor ${tensor.name}, but ${where}; the index and shards come from different versions of the model — download them again`);
        }
        order.push({ ...tensor, file });
      }
    }
    for (const [name, shard] of Object.entries(weightMap)) {
      if (!files[shardNames.indexOf(shard)]!.tensors.has(name)) {
        throw new CheckpointError('index-mismatch', indexPath, `${indexPath} maps tensor ${name} to ${shard}, which does not hold it; the index and shards come from different versions of the model — download them again`);
      }
    }
    return build(path, 'sharded', directory, files, order, await readConfig(fs, directory));
  } catch (error) {
    await closeAll(files);
    throw error;
  }
}

async function openSingle(fs: FileSystem, path: string, file: string, layout: CheckpointLayout, directory: string | undefined): Promise<Checkpoint> {
  const opened = await openSafetensors(fs, file);
  try {
    const config = directory === undefined ? undefined : await readConfig(fs, directory);
    return build(path, layout, directory, [opened], opened.header.tensors.map((tensor) => ({ ...tensor, file: opened })), config);
  } catch (error) {
    await opened.close();
    throw error;
  }
}

/**
 * Opens a checkpoint: a `.safetensors` file, or a directory with `model.safetensors` (preferred, as
 * transformers does) or `model.safetensors.index.json` and its shards. Every header is validated,
 * every index entry must match its shard and every shard tensor its index entry; shard names that
 * would leave the directory are refused.
 */
export async function openCheckpoint(fs: FileSystem, path: string): Promise<Checkpoint> {
  const kind = await fs.kind(path);
  if (kind === undefined) {
    throw new CheckpointError('not-found', path, `${path} does not exist; give a checkpoint directory or a .safetensors file`);
  }
  if (kind === 'file') return openSingle(fs, path, path, 'file', undefined);
  if (kind !== 'directory') {
    throw new CheckpointError('not-found', path, `${path} is neither a file nor a directory; give a checkpoint directory or a .safetensors file`);
  }
  const directory = trimTrailingSlashes(path);
  const single = joinPath(directory, SINGLE_WEIGHTS_NAME);
  if ((await fs.kind(single)) === 'file') return openSingle(fs, path, single, 'single', directory);
  if ((await fs.kind(joinPath(directory, INDEX_NAME))) === 'file') return openSharded(fs, path, directory);
  throw new CheckpointError('no-weights', path, `${path} has neither ${SINGLE_WEIGHTS_NAME} nor ${INDEX_NAME}; soce reads safetensors checkpoints (convert .bin/.pt weights with transformers' save_pretrained(safe_serialization=True))`);
}

/** Reads every tensor of a checkpoint into memory: for small models (a demo's MLP), not LLMs. */
export async function loadTensors(fs: FileSystem, path: string): Promise<Map<string, Tensor>> {
  const checkpoint = await openCheckpoint(fs, path);
  try {
    const tensors = new Map<string, Tensor>();
    for (const tensor of checkpoint.tensors.values()) {
      tensors.set(tensor.name, { name: tensor.name, dtype: tensor.dtype, shape: tensor.shape, data: await checkpoint.read(tensor) });
    }
    return tensors;
  } finally {
    await checkpoint.close();
  }
}
