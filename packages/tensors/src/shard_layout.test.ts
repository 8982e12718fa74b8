import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assignShards, shardFileName } from './shard_layout.ts';

test('shard names follow transformers', () => {
  assert.equal(shardFileName(0, 1), 'model.safetensors');
  assert.equal(shardFileName(0, 3), 'model-00001-of-00003.safetensors');
  assert.equal(shardFileName(2, 3), 'model-00003-of-00003.safetensors');
});

test('a new shard starts when the next tensor would overflow; oversized tensors stand alone', () => {
  assert.deepEqual(assignShards([4, 4, 4], 8), [0, 0, 1]);
  assert.deepEqual(assignShards([10, 1, 1], 8), [0, 1, 1]);
  assert.deepEqual(assignShards([1, 10, 1], 8), [0, 1, 2]);
  assert.deepEqual(assignShards([0, 0, 8, 0], 8), [0, 0, 0, 0]);
  assert.deepEqual(assignShards([], 8), []);
});

test('property: shards are consecutive, within the limit unless one tensor exceeds it, and none can absorb the next tensor', () => {
  fc.assert(fc.property(fc.array(fc.nat(100)), fc.integer({ min: 1, max: 120 }), (sizes, max) => {
    const shards = assignShards(sizes, max);
    const totals: number[] = [];
    shards.forEach((shard, i) => {
      assert.ok(shard === (i === 0 ? 0 : shards[i - 1]!) || shard === shards[i - 1]! + 1);
      totals[shard] = (totals[shard] ?? 0) + sizes[i]!;
    });
    totals.forEach((total, shard) => {
      const members = sizes.filter((_, i) => shards[i] === shard);
      assert.ok(total <= max || members.length === 1);
      const next = sizes[shards.indexOf(shard + 1)];
      if (next !== undefined) assert.ok(total + next > max);
    });
  }));
});
