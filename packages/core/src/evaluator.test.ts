import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluationId } from './evaluator.ts';

test('evaluationId: the non-zero weights, readable, then a hash of the whole point', () => {
  assert.match(evaluationId({ 'xLAM-2-8b-fc-r (FC)': 0.7, 'ToolACE-2-8B (FC)': 0.2, 'watt/tool 8B': 0.1 }), /^xLAM28bf\.700_ToolACE2\.200_watttool\.100-[0-9a-f]{16}$/);
  assert.match(evaluationId({ a: 0, b: 1 }), /^b1\.000-[0-9a-f]{16}$/);
  assert.notEqual(evaluationId({ a: 0.7, b: 0.3 }), evaluationId({ b: 0.3, a: 0.7 }), 'the order of the experts is part of the point');
  assert.notEqual(evaluationId({ a: 0.5, b: 0.5 }), evaluationId({ a: 0.5, b: 0.5, c: 0 }), 'so is every expert, a zero weight included');
  assert.notEqual(evaluationId({ a: 1 / 3, b: 2 / 3 }), evaluationId({ a: 0.3333334, b: 0.6666666 }), 'weights that print alike differ in the hash');
});

test('evaluationId stays short for many candidates with Hugging Face-style names', () => {
  const names = ['meta-llama/Llama-3.1-8B-Instruct', 'Salesforce/xLAM-2-8b-fc-r', 'Team-ACE/ToolACE-2-8B', 'watt-ai/watt-tool-8B', 'BitAgent/BitAgent-8B', 'uiuc-convai/CoALM-8B', 'NousResearch/Hermes-3-Llama-3.1-8B'];
  const weights = Object.fromEntries(names.map((name) => [`${name}-finetuned-on-a-very-long-dataset-name-${'x'.repeat(200)}`, 1 / names.length]));
  const id = evaluationId(weights);
  assert.ok(id.length <= 65, `${id.length} characters: ${id}`);
  // Room for the temporary directory and the log's suffixes of a 255-byte file name.
  assert.ok(`${id}.tmp-abcdefgh`.length < 100 && `${id}.scores.json`.length < 100);
});

test('property: an evaluation id is a short bare file name, the same for the same point and distinct for distinct points', () => {
  const weights = fc.dictionary(fc.string({ minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), { minKeys: 1 });
  fc.assert(
    fc.property(weights, weights, (a, b) => {
      const id = evaluationId(a);
      assert.match(id, /^[A-Za-z0-9._-]+$/);
      assert.ok(id.length <= 65);
      assert.equal(evaluationId({ ...a }), id);
      if (JSON.stringify(Object.entries(a)) !== JSON.stringify(Object.entries(b))) assert.notEqual(evaluationId(b), id);
    }),
  );
});
