import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { closeMatches, didYouMean } from './close_matches.ts';

const models = ['xLAM-2-8b-fc-r (FC)', 'xLAM-2-70b-fc-r (FC)', 'ToolACE-2-8B (FC)', 'watt-tool-8B (FC)', 'BitAgent-8B', 'CoALM-8B'];

test('a name without its suffix, in another case or with a typo finds the table name', () => {
  assert.deepEqual(closeMatches('xLAM-2-8b-fc-r', models), ['xLAM-2-8b-fc-r (FC)']);
  assert.deepEqual(closeMatches('coalm-8b', models), ['CoALM-8B']);
  assert.deepEqual(closeMatches('BitAgnt-8B', models), ['BitAgent-8B']);
  assert.deepEqual(closeMatches('GPT-4o', models), []);
  assert.equal(didYouMean('watt-tool-8B', models), '; did you mean "watt-tool-8B (FC)"?');
  assert.equal(didYouMean('GPT-4o', models), '');
});

test('at most `limit` names, all from the list, and an exact name comes first', () => {
  fc.assert(
    fc.property(fc.array(fc.string(), { minLength: 1 }), fc.nat(), (names, k) => {
      const query = names[k % names.length] ?? '';
      const found = closeMatches(query, names, 3);
      assert.ok(found.length <= 3);
      for (const f of found) assert.ok(names.includes(f));
      if (query.trim() === query) assert.equal(found[0]?.toLowerCase(), query.toLowerCase());
    }),
  );
});
