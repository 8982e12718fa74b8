import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluationId } from './evaluator.ts';

test('evaluationId names the weights in order, file-name safe', () => {
  assert.equal(
    evaluationId({ 'xLAM-2-8b-fc-r (FC)': 0.7, 'ToolACE-2-8B (FC)': 0.2, 'watt/tool 8B': 0.1 }),
    'xLAM-2-8b-fc-r_FC_-0.700000_ToolACE-2-8B_FC_-0.200000_watt_tool_8B-0.100000',
  );
  assert.notEqual(evaluationId({ a: 0.7, b: 0.3 }), evaluationId({ b: 0.3, a: 0.7 }), 'the order of the experts is part of the name');
});

test('property: an evaluation id is a bare file name, the same for the same weights', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), { minKeys: 1 }), (weights) => {
      const id = evaluationId(weights);
      assert.match(id, /^[A-Za-z0-9._-]+$/);
      assert.ok(id !== '.' && id !== '..');
      assert.equal(evaluationId({ ...weights }), id);
    }),
  );
});
