/**
 * Merge recipes in YAML: soce's own format, and mergekit's `merge_method: linear` files so existing
 * recipes (and the `mergekit_config.yml` soce writes beside every soup) run unchanged. Everything
 * else mergekit can express is refused by name. Both give the tensors package's `MergeSettings`.
 *
 * soce's recipe (unknown keys are errors; relative paths are relative to the recipe's directory):
 *
 * ```yaml
 * models:                 # required: checkpoint directories or .safetensors files
 *   - path: ./xlam-2-8b
 *     weight: 0.7
 *   - path: ./toolace-2-8b
 *     weight: 0.3
 * normalize: false        # divide the weights by their sum instead of requiring 1
 * out: ./soup             # the soup's directory (--out overrides)
 * out_dtype: bf16         # bf16 | f16 | f32; default: each tensor keeps its type
 * shard_size: 5GB         # the largest shard
 * copy_from: ./xlam-2-8b  # where config and tokenizer files come from (default: the first model)
 * missing: error          # error | merge-present: a tensor some models lack
 * backend: auto           # auto | webgpu | cpu
 * threads: 8              # threads of the CPU backend (default: the cores file I/O leaves)
 * base_model: meta-llama/Llama-3.1-8B   # named in the model card's front matter
 * ```
 * @module
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatKeyPath, schemaErrorMessage } from '@soce/common';
import {
  BACKEND_KINDS,
  FLOAT_DTYPE_NAMES,
  MISSING_TENSOR_POLICIES,
  parseByteSize,
  parseFloatDtype,
  TORCH_DTYPE_NAMES,
  type BackendKind,
  type MergeSettings,
  type ModelWeight,
} from '@soce/tensors';
import { UsageError } from './usage_error.ts';

/** A recipe, whichever format it came in: the merge's settings, its ingredients, where to write. */
export interface MergeRecipe extends MergeSettings {
  /** The ingredients, as written (paths not yet resolved). */
  readonly models: readonly ModelWeight[];
  /** The soup's directory, as written. */
  readonly out?: string | undefined;
  /** The backend. */
  readonly backend?: BackendKind | undefined;
  /** Threads of the CPU backend (default: the cores file I/O leaves, see thread_split.ts). */
  readonly threads?: number | undefined;
}

/** `a, b or c`. */
const orList = (items: readonly string[]): string => `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

const dtypeSchema = z.string().refine((name) => parseFloatDtype(name) !== undefined, {
  message: `must be ${orList(FLOAT_DTYPE_NAMES)} (or ${Object.values(TORCH_DTYPE_NAMES).join(', ')})`,
});
const weightSchema = z.number().nonnegative();

const soceSchema = z.strictObject({
  models: z.array(z.strictObject({ path: z.string().min(1), weight: weightSchema })).min(1),
  normalize: z.boolean().optional(),
  out: z.string().min(1).optional(),
  out_dtype: dtypeSchema.optional(),
  shard_size: z.union([z.string(), z.number().int().positive()]).optional(),
  copy_from: z.string().min(1).optional(),
  missing: z.enum(MISSING_TENSOR_POLICIES).optional(),
  backend: z.enum(BACKEND_KINDS).optional(),
  threads: z.number().int().positive().optional(),
  base_model: z.string().min(1).optional(),
});

/** mergekit keys soce cannot honour, with why: refused by name rather than silently ignored. */
const MERGEKIT_UNSUPPORTED: Readonly<Record<string, string>> = {
  slices: 'layer slices (frankenmerges) are not supported; soce merges whole checkpoints',
  tokenizer_source: 'building a merged tokenizer is not supported; soce copies one model\'s tokenizer (see --copy-from)',
  tokenizer: 'building a merged tokenizer is not supported; soce copies one model\'s tokenizer (see --copy-from)',
  chat_template: 'setting a chat template is not supported; soce copies one model\'s tokenizer files (see --copy-from)',
  input_model_dtype: 'converting inputs before merging is not supported; soce always accumulates in f32',
};

const mergekitModelSchema = z.strictObject({
  model: z.string().min(1),
  parameters: z.strictObject({ weight: weightSchema.optional() }).optional(),
});

const mergekitSchema = z.strictObject({
  merge_method: z.literal('linear'),
  models: z.array(mergekitModelSchema).min(1),
  parameters: z.strictObject({ normalize: z.boolean().optional(), weight: weightSchema.optional() }).optional(),
  base_model: z.string().optional(),
  dtype: dtypeSchema.optional(),
  out_dtype: dtypeSchema.optional(),
});

function parseOrRefuse<S extends z.ZodType>(schema: S, doc: unknown, file: string): z.output<S> {
  const parsed = schema.safeParse(doc);
  if (!parsed.success) throw new UsageError(schemaErrorMessage(parsed.error, file, { limit: 5 }));
  return parsed.data;
}

function refuseMergekitFeatures(doc: Record<string, unknown>, file: string): void {
  const method = doc['merge_method'];
  if (method !== 'linear') {
    throw new UsageError(`${file}: merge_method ${JSON.stringify(method)} is not supported; soce makes linear soups (merge_method: linear), as the SoCE paper does`);
  }
  for (const [key, why] of Object.entries(MERGEKIT_UNSUPPORTED)) {
    if (key in doc) throw new UsageError(`${file}: mergekit's ${key} is not supported: ${why}`);
  }
  const models = Array.isArray(doc['models']) ? (doc['models'] as unknown[]) : [];
  models.forEach((entry, i) => {
    const parameters = (entry as { parameters?: unknown } | null)?.parameters;
    if (parameters !== null && typeof parameters === 'object') {
      const weight = (parameters as Record<string, unknown>)['weight'];
      const at = formatKeyPath(['models', i, 'parameters']);
      if (Array.isArray(weight) || (weight !== null && typeof weight === 'object')) {
        throw new UsageError(`${file}: ${at}.weight: per-tensor weights (lists, gradients, filters) are not supported; give one number per model`);
      }
      for (const key of Object.keys(parameters)) {
        if (key !== 'weight') throw new UsageError(`${file}: ${at}.${key} is not a parameter of linear merges; soce supports weight only`);
      }
    }
  });
  const parameters = doc['parameters'];
  if (parameters !== null && typeof parameters === 'object') {
    for (const key of Object.keys(parameters)) {
      if (key !== 'normalize' && key !== 'weight') throw new UsageError(`${file}: parameters.${key} is not supported; linear merges take normalize (and a default weight) only`);
    }
  }
}

function fromMergekit(doc: Record<string, unknown>, file: string): MergeRecipe {
  refuseMergekitFeatures(doc, file);
  const { models, parameters, dtype, out_dtype, base_model } = parseOrRefuse(mergekitSchema, doc, file);
  return {
    models: models.map((m, i) => {
      const weight = m.parameters?.weight ?? parameters?.weight;
      if (weight === undefined) throw new UsageError(`${file}: ${formatKeyPath(['models', i])} (${m.model}) has no parameters.weight; give every model a weight`);
      return { model: m.model, weight };
    }),
    // mergekit's linear merge normalises unless told not to.
    normalize: parameters?.normalize ?? true,
    outDtype: parseFloatDtype(out_dtype ?? dtype ?? ''),
    baseModel: base_model,
  };
}

/** The largest shard a recipe asks for, in bytes; a bad size names the file and key. */
function shardBytes(value: string | number | undefined, file: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseByteSize(String(value));
  } catch (error) {
    throw new UsageError(`${file}: shard_size: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function fromSoce(doc: unknown, file: string): MergeRecipe {
  const r = parseOrRefuse(soceSchema, doc, file);
  return {
    models: r.models.map((m) => ({ model: m.path, weight: m.weight })),
    normalize: r.normalize,
    out: r.out,
    outDtype: r.out_dtype === undefined ? undefined : parseFloatDtype(r.out_dtype),
    maxShardBytes: shardBytes(r.shard_size, file),
    copyFrom: r.copy_from,
    missing: r.missing,
    backend: r.backend,
    threads: r.threads,
    baseModel: r.base_model,
  };
}

/**
 * Parses a recipe file's text: mergekit's format when it has `merge_method`, soce's otherwise.
 * `file` names it in messages.
 */
export function parseMergeRecipe(text: string, file: string): MergeRecipe {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid YAML (${error instanceof Error ? error.message : String(error)})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new UsageError(`${file}: a recipe is a YAML mapping with a models list (see soce merge --help)`);
  }
  return 'merge_method' in doc ? fromMergekit(doc as Record<string, unknown>, file) : fromSoce(doc, file);
}

/**
 * Parses `--model PATH:WEIGHT`; the weight follows the last colon, so paths may contain colons.
 */
export function parseModelOption(value: string): ModelWeight {
  const colon = value.lastIndexOf(':');
  const path = colon < 0 ? '' : value.slice(0, colon);
  const text = colon < 0 ? '' : value.slice(colon + 1).trim();
  const weight = Number(text);
  if (path === '' || text === '' || !Number.isFinite(weight)) {
    throw new UsageError(`--model ${value}: write PATH:WEIGHT, such as --model ./xlam-2-8b:0.7 (the weight follows the last colon)`);
  }
  return { model: path, weight };
}
