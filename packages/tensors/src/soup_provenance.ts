/**
 * What a soup records about how it was made, in the three places a reader finds it: the
 * safetensors `__metadata__`, the model card (`README.md`) and the recipe (`mergekit_config.yml`).
 * Models are named and located relative to the soup, never by an absolute path of the machine
 * that made it: a soup is meant to be moved and published.
 * @module
 */
import { TORCH_DTYPE_NAMES, type FloatDtype } from './dtype.ts';
import type { MissingTensorPolicy } from './merge_plan.ts';
import type { MergeSettings } from './merge_settings.ts';
import type { ModelWeight } from './merge_weights.ts';
import { baseName, isAbsolutePath, relativePath } from './paths.ts';
import { DEFAULT_MAX_SHARD_BYTES } from './shard_layout.ts';

/** The file beside the soup's weights that holds its recipe in mergekit's format. */
export const MERGEKIT_CONFIG_NAME = 'mergekit_config.yml';

/** One ingredient as the soup records it. */
export interface SoupIngredient {
  /** Its name: the candidate's name, or the checkpoint's directory name. */
  readonly name: string;
  /** Its path relative to the soup's directory, or `undefined` when none can be given (see `relativePath`). */
  readonly path: string | undefined;
  /** Its weight in the soup (normalised). */
  readonly weight: number;
}

/** Everything a soup records about how it was made. */
export interface SoupProvenance {
  /** The tool and version, e.g. `soce 0.1.0`. */
  readonly tool: string;
  /** The ingredients read, in input order, with their normalised weights. */
  readonly ingredients: readonly SoupIngredient[];
  /** The float output type asked for, or `undefined` when tensors kept their input type. */
  readonly outDtype: FloatDtype | undefined;
  /** The float type every averaged tensor was written in (`as input` when they differ). */
  readonly dtype: string;
  /** The base model the recipe names, as written (an absolute path is made relative, like the ingredients). */
  readonly baseModel: string | undefined;
  /** Where config and tokenizer files came from, relative to the soup, when not from the first ingredient. */
  readonly copiedFrom: string | undefined;
  /** The missing-tensor policy, when not the default. */
  readonly missing: MissingTensorPolicy | undefined;
  /** The largest shard, when not the default. */
  readonly maxShardBytes: number | undefined;
}

/**
 * The provenance of a merge writing to `out`: `active` are the ingredients read, normalised;
 * `dtype` the float type the averaged tensors were written in.
 */
export function soupProvenance(settings: MergeSettings, out: string, active: readonly ModelWeight[], dtype: string, tool: string): SoupProvenance {
  return {
    tool,
    ingredients: soupIngredientsOf(active, out),
    outDtype: settings.outDtype,
    dtype,
    baseModel: settings.baseModel === undefined ? undefined : isAbsolutePath(settings.baseModel) ? pathFromSoup(out, settings.baseModel) : settings.baseModel,
    copiedFrom: settings.copyFrom === undefined || settings.copyFrom === active[0]?.model ? undefined : pathFromSoup(out, settings.copyFrom),
    missing: settings.missing === 'merge-present' ? settings.missing : undefined,
    maxShardBytes: settings.maxShardBytes === DEFAULT_MAX_SHARD_BYTES ? undefined : settings.maxShardBytes,
  };
}

/** `path` as seen from the soup's directory `out`: relative, or its last segment when no relative path exists. */
export function pathFromSoup(out: string, path: string): string {
  return relativePath(out, path) ?? baseName(path);
}

/** The ingredients of a soup written to `out`: each named (`name`, else its directory's name) and located from `out`. */
export function soupIngredientsOf(models: readonly ModelWeight[], out: string): SoupIngredient[] {
  return models.map((m) => ({ name: m.name ?? baseName(m.model), path: relativePath(out, m.model), weight: m.weight }));
}

/** The safetensors `__metadata__` of every shard: strings only, as the format requires. */
export function soupMetadata(provenance: SoupProvenance): Record<string, string> {
  return {
    format: 'pt',
    soce_tool: provenance.tool,
    soce_models: JSON.stringify(provenance.ingredients.map((i) => i.name)),
    soce_paths: JSON.stringify(provenance.ingredients.map((i) => i.path ?? null)),
    soce_weights: JSON.stringify(provenance.ingredients.map((i) => i.weight)),
    soce_dtype: provenance.dtype,
    ...(provenance.baseModel === undefined ? {} : { soce_base_model: provenance.baseModel }),
  };
}

/** A YAML scalar that stays the string it is, whatever it holds: JSON strings are valid YAML. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/**
 * The soup's recipe in mergekit's `linear` format, which `mergekit-yaml` (run from the soup's
 * directory) and `soce merge --config` (from anywhere: soce resolves a recipe's paths against its
 * directory) both rebuild it from. The weights are the normalised ones, exactly, so the rebuild
 * needs no normalisation. Settings mergekit cannot express are comments naming soce's option.
 */
export function mergekitConfig(provenance: SoupProvenance): string {
  const lines = [
    `# The recipe of this soup (made with ${provenance.tool}), in mergekit's format. Rebuild it with`,
    '#   soce merge --config mergekit_config.yml --out DIR',
    '# or, from this directory, mergekit-yaml mergekit_config.yml DIR.',
  ];
  if (provenance.copiedFrom !== undefined) lines.push(`# Config and tokenizer files came from ${yamlString(provenance.copiedFrom)} (soce merge --copy-from).`);
  if (provenance.missing === 'merge-present') lines.push('# Tensors some models lack were merged from the models that have them (soce merge --allow-missing).');
  if (provenance.maxShardBytes !== undefined) lines.push(`# Shards hold at most ${provenance.maxShardBytes} bytes of tensors (soce merge --shard-size ${provenance.maxShardBytes}B).`);
  lines.push('merge_method: linear');
  if (provenance.baseModel !== undefined) lines.push(`base_model: ${yamlString(provenance.baseModel)}`);
  lines.push('models:');
  for (const { name, path, weight } of provenance.ingredients) {
    lines.push(`  - model: ${yamlString(path ?? name)}`, '    parameters:', `      weight: ${JSON.stringify(weight)}`);
  }
  lines.push('parameters:', '  normalize: false');
  if (provenance.outDtype !== undefined) lines.push(`out_dtype: ${TORCH_DTYPE_NAMES[provenance.outDtype]}`);
  return `${lines.join('\n')}\n`;
}
