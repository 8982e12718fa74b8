/** The default largest shard: Hugging Face's `max_shard_size` default. */
export const DEFAULT_MAX_SHARD_BYTES = 5e9;

/** The name of shard `index` (0-based) of `count`, as transformers names them. */
export function shardFileName(index: number, count: number): string {
  if (count === 1) return 'model.safetensors';
  const pad = (n: number): string => String(n).padStart(5, '0');
  return `model-${pad(index + 1)}-of-${pad(count)}.safetensors`;
}

/**
 * Splits tensors (by byte size, in order) into shards as transformers does: a new shard starts when
 * the next tensor would push the current one past `maxBytes` (header excluded); a tensor larger than
 * `maxBytes` gets a shard of its own. Returns the shard index of each tensor.
 */
export function assignShards(sizes: readonly number[], maxBytes: number): number[] {
  const shards: number[] = [];
  let shard = 0;
  let used = 0;
  let empty = true;
  for (const size of sizes) {
    if (!empty && used + size > maxBytes) {
      shard += 1;
      used = 0;
      empty = true;
    }
    shards.push(shard);
    used += size;
    empty = false;
  }
  return shards;
}
