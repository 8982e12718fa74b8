import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openAll } from './open_all.ts';

const after = <T>(ms: number, value: T, fail = false): Promise<T> =>
  new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

test('openAll gives every opened value in order', async () => {
  const closed: string[] = [];
  assert.deepEqual(await openAll([after(20, 'a'), after(0, 'b'), after(10, 'c')], async (v) => void closed.push(v)), ['a', 'b', 'c']);
  assert.deepEqual(closed, []);
});

test('openAll closes what opened and throws the first failure in order, not the first to happen', async () => {
  const closed: string[] = [];
  await assert.rejects(
    openAll([after(0, 'a'), after(30, 'b', true), after(0, 'c'), after(0, 'd', true)], async (v) => void closed.push(v)),
    { message: 'b' },
  );
  assert.deepEqual(closed.sort(), ['a', 'c']);
});
