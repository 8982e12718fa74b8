/**
 * The merge plan: which tensors the soup has, where each comes from and with which weight, and
 * which shard it goes to. Built from headers alone and validated before anything is written.
 * @module
 */
import { floatDtypeBytes, isFloatDtype, type Dtype, type FloatDtype } from './dtype.ts';
import { MergeError, type MergeErrorCode } from './merge_error.ts';
import type { TensorInfo } from './safetensors_header.ts';
import { assignShards, DEFAULT_MAX_SHARD_BYTES, shardFileName } from './shard_layout.ts';

/** The output projection that tied models do not store. */
export const LM_HEAD = 'lm_head.weight';

/**
 * Input-embedding names, in the order they are looked for, of architectures that can tie their
 * output projection to them (Llama, Mistral, Qwen, Gemma, Phi: `model.embed_tokens`; GPT-2:
 * `transformer.wte`; Falcon, BLOOM: `transformer.word_embeddings`; OPT: `model.decoder.embed_tokens`).
 */
export const TIED_EMBEDDING_NAMES: readonly string[] = [
  'model.embed_tokens.weight',
  'transformer.wte.weight',
  'transformer.word_embeddings.weight',
  'model.decoder.embed_tokens.weight',
];

/**
 * What to do with a tensor some models lack: `error` (the default) refuses the merge;
 * `merge-present` averages it over the models that have it, their weights renormalised.
 */
export const MISSING_TENSOR_POLICIES = ['error', 'merge-present'] as const;

/** One of {@link MISSING_TENSOR_POLICIES}. */
export type MissingTensorPolicy = (typeof MISSING_TENSOR_POLICIES)[number];

/** One model as the planner sees it: tensor headers, config and weight. */
export interface PlanInput<T extends TensorInfo = TensorInfo> {
  /** How messages name the model (its path). */
  readonly label: string;
  /** Its weight, positive; the weights of all inputs sum to 1. */
  readonly weight: number;
  /** Its tensors by name. */
  readonly tensors: ReadonlyMap<string, T>;
  /** Its `config.json`, if any: consulted for `tie_word_embeddings`. */
  readonly config?: Readonly<Record<string, unknown>> | undefined;
}

/** Where one term of a planned tensor's sum comes from. */
export interface PlannedSource<T extends TensorInfo = TensorInfo> {
  /** The index of the model in the plan's inputs. */
  readonly model: number;
  /** The model's tensor (its embedding, for a tied `lm_head.weight`). */
  readonly tensor: T;
  /** The weight of this term; a tensor's weights sum to 1. */
  readonly weight: number;
}

/** A tensor of the soup. */
export interface PlannedTensor<T extends TensorInfo = TensorInfo> {
  /** Its name. */
  readonly name: string;
  /** Floats are averaged; every other type is copied, and must be identical in every model. */
  readonly action: 'merge' | 'copy';
  /** The element type of the sources. */
  readonly inDtype: Dtype;
  /** The element type written. */
  readonly dtype: Dtype;
  /** Its dimensions. */
  readonly shape: readonly number[];
  /** Its size in the output. */
  readonly byteLength: number;
  /** The models it is made of, in input order. */
  readonly sources: readonly PlannedSource<T>[];
  /** The index of the shard it is written to. */
  readonly shard: number;
}

/** One output file. */
export interface PlannedShard<T extends TensorInfo = TensorInfo> {
  /** Its file name (`model.safetensors` or `model-0000i-of-0000n.safetensors`). */
  readonly name: string;
  /** Its tensors, in write order. */
  readonly tensors: readonly PlannedTensor<T>[];
  /** The bytes of its tensors (header excluded). */
  readonly byteLength: number;
}

/** A validated plan. */
export interface MergePlan<T extends TensorInfo = TensorInfo> {
  /** Every tensor of the soup, in write order. */
  readonly tensors: readonly PlannedTensor<T>[];
  /** The output files. */
  readonly shards: readonly PlannedShard<T>[];
  /** Bytes of tensor data written (the index's `metadata.total_size`). */
  readonly totalBytes: number;
  /** The float type holding most of the soup's bytes (for config `torch_dtype`), if any. */
  readonly floatDtype: FloatDtype | undefined;
  /** Whether `lm_head.weight` was built from some models' tied input embeddings. */
  readonly untiesLmHead: boolean;
}

/** Choices for {@link planMerge}. */
export interface PlanOptions {
  /** The float output type; by default each tensor keeps its input type. */
  readonly outDtype?: FloatDtype | undefined;
  /** A tensor missing from some models is an error (default) or merged from the others, their weights renormalised. */
  readonly missing?: MissingTensorPolicy | undefined;
  /** The largest shard in bytes of tensor data (default 5 GB). */
  readonly maxShardBytes?: number | undefined;
}

interface Problem {
  readonly code: MergeErrorCode;
  readonly text: string;
}

const MAX_LISTED_PROBLEMS = 10;

function tiedEmbedding<T extends TensorInfo>(input: PlanInput<T>): T | undefined {
  if (input.tensors.has(LM_HEAD) || input.config?.['tie_word_embeddings'] !== true) return undefined;
  for (const name of TIED_EMBEDDING_NAMES) {
    const tensor = input.tensors.get(name);
    if (tensor !== undefined) return tensor;
  }
  return undefined;
}

function names(inputs: readonly PlanInput[], indices: readonly number[]): string {
  return indices.map((i) => inputs[i]!.label).join(', ');
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

/**
 * Plans the soup of `inputs`: the union of their tensor names (first model's order first), each
 * checked for the same dtype and shape everywhere, floats averaged and the rest copied. A model that
 * lacks `lm_head.weight` while its config says `tie_word_embeddings: true` contributes its input
 * embedding instead (when other models have an untied head). Every mismatch is reported at once,
 * naming tensors and models.
 */
export function planMerge<T extends TensorInfo>(inputs: readonly PlanInput<T>[], options: PlanOptions = {}): MergePlan<T> {
  const problems: Problem[] = [];
  const order: string[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    for (const name of input.tensors.keys()) {
      if (!seen.has(name)) {
        seen.add(name);
        order.push(name);
      }
    }
  }
  const hasUntiedHead = seen.has(LM_HEAD);
  let untiesLmHead = false;
  const planned: Omit<PlannedTensor<T>, 'shard'>[] = [];
  for (const name of order) {
    const present: { model: number; tensor: T }[] = [];
    const missing: number[] = [];
    inputs.forEach((input, model) => {
      const tensor = input.tensors.get(name) ?? (name === LM_HEAD && hasUntiedHead ? tiedEmbedding(input) : undefined);
      if (tensor === undefined) missing.push(model);
      else present.push({ model, tensor });
    });
    if (name === LM_HEAD && present.some(({ tensor }) => tensor.name !== LM_HEAD)) untiesLmHead = true;
    if (missing.length > 0 && options.missing !== 'merge-present') {
      problems.push({ code: 'missing-tensor', text: `tensor ${name} is missing from ${names(inputs, missing)} (present in ${names(inputs, present.map((p) => p.model))}); merge checkpoints of one architecture, or allow merging such tensors from the models that have them` });
      continue;
    }
    const first = present[0]!;
    const dtypeMismatch = present.filter(({ tensor }) => tensor.dtype !== first.tensor.dtype);
    if (dtypeMismatch.length > 0) {
      problems.push({ code: 'dtype-mismatch', text: `tensor ${name} is ${first.tensor.dtype} in ${inputs[first.model]!.label} but ${dtypeMismatch.map(({ model, tensor }) => `${tensor.dtype} in ${inputs[model]!.label}`).join(', ')}; convert the checkpoints to one dtype first` });
      continue;
    }
    const shapeMismatch = present.filter(({ tensor }) => !sameShape(tensor.shape, first.tensor.shape));
    if (shapeMismatch.length > 0) {
      problems.push({ code: 'shape-mismatch', text: `tensor ${name} has shape [${first.tensor.shape.join(', ')}] in ${inputs[first.model]!.label} but ${shapeMismatch.map(({ model, tensor }) => `[${tensor.shape.join(', ')}] in ${inputs[model]!.label}`).join(', ')}; only checkpoints of the same architecture can be souped` });
      continue;
    }
    const total = present.reduce((sum, { model }) => sum + inputs[model]!.weight, 0);
    const sources = present.map(({ model, tensor }) => ({ model, tensor, weight: inputs[model]!.weight / total }));
    const inDtype = first.tensor.dtype;
    if (isFloatDtype(inDtype)) {
      const dtype = options.outDtype ?? inDtype;
      const byteLength = (first.tensor.byteLength / floatDtypeBytes(inDtype)) * floatDtypeBytes(dtype);
      planned.push({ name, action: 'merge', inDtype, dtype, shape: first.tensor.shape, byteLength, sources });
    } else {
      planned.push({ name, action: 'copy', inDtype, dtype: inDtype, shape: first.tensor.shape, byteLength: first.tensor.byteLength, sources });
    }
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => p.text);
    if (problems.length > MAX_LISTED_PROBLEMS) listed.push(`… and ${problems.length - MAX_LISTED_PROBLEMS} more`);
    const message = listed.length === 1 ? listed[0]! : `the checkpoints do not match:\n  - ${listed.join('\n  - ')}`;
    throw new MergeError(problems[0]!.code, message);
  }
  const shardOf = assignShards(planned.map((t) => t.byteLength), options.maxShardBytes ?? DEFAULT_MAX_SHARD_BYTES);
  const tensors = planned.map((t, i) => ({ ...t, shard: shardOf[i]! }));
  const count = tensors.length === 0 ? 1 : shardOf[shardOf.length - 1]! + 1;
  const shards = Array.from({ length: count }, (_, index) => {
    const members = tensors.filter((t) => t.shard === index);
    return { name: shardFileName(index, count), tensors: members, byteLength: members.reduce((sum, t) => sum + t.byteLength, 0) };
  });
  const floatBytes = new Map<FloatDtype, number>();
  for (const t of tensors) if (isFloatDtype(t.dtype)) floatBytes.set(t.dtype, (floatBytes.get(t.dtype) ?? 0) + t.byteLength);
  const floatDtype = [...floatBytes].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { tensors, shards, totalBytes: tensors.reduce((sum, t) => sum + t.byteLength, 0), floatDtype, untiesLmHead };
}
