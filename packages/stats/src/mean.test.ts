import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mean } from './mean.ts';
test('mean', () => { assert.equal(mean([1, 2, 3]), 2); fc.assert(fc.property(fc.integer(), (x) => mean([x]) === x)); });
