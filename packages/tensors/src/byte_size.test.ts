import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatByteSize, parseByteSize } from './byte_size.ts';
import { MergeError } from './merge_error.ts';

test('sizes parse as Hugging Face reads max_shard_size', () => {
  assert.equal(parseByteSize('5GB'), 5e9);
  assert.equal(parseByteSize('500MB'), 5e8);
  assert.equal(parseByteSize('2GiB'), 2 * 2 ** 30);
  assert.equal(parseByteSize('1.5 kb'), 1500);
  assert.equal(parseByteSize('1048576'), 1048576);
  assert.equal(parseByteSize(' 10 B '), 10);
});

test('anything else is refused with an example of what works', () => {
  for (const text of ['', 'GB', '5XB', '-1GB', '0', '1e9', '5 G B', '0.1B']) {
    assert.throws(() => parseByteSize(text), (e: unknown) => e instanceof MergeError && e.code === 'bad-size' && /like 5GB, 500MB/.test(e.message), text);
  }
});

test('sizes print in the same units', () => {
  assert.equal(formatByteSize(999), '999 B');
  assert.equal(formatByteSize(5e9), '5.00 GB');
  assert.equal(formatByteSize(123_456_789), '123.5 MB');
});
