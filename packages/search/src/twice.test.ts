import { test } from 'node:test';
import assert from 'node:assert/strict';
import { twice } from '@soce/search';
test('twice', () => { assert.equal(twice([1, 2, 3]), 4); });
