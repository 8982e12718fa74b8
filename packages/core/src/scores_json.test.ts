import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EvaluationError } from './evaluation_error.ts';
import { parseScoresJson } from './scores_json.ts';

function fails(text: string, message: RegExp): void {
  assert.throws(
    () => parseScoresJson(text, 'evaluations/a-0.5_b-0.5.scores.json'),
    (error: unknown) => error instanceof EvaluationError && error.name === 'EvaluationError' && message.test(error.message),
  );
}

test('a score object is read as per-category scores', () => {
  assert.deepEqual(parseScoresJson('{ "Live Acc": 66.9, "Multi Turn Acc": 69.12, "Relevance Detection": -0.5 }', 'stdout'), {
    'Live Acc': 66.9,
    'Multi Turn Acc': 69.12,
    'Relevance Detection': -0.5,
  });
});

test('anything but a non-empty object of finite numbers is an EvaluationError naming the source and the format', () => {
  const format = /the evaluator must write \{ "category": number, \.\.\. \}$/;
  fails('Accuracy: 61%', /^evaluations\/a-0\.5_b-0\.5\.scores\.json: not JSON \(.+\); /);
  fails('Accuracy: 61%', format);
  fails('', /not JSON/);
  fails('[61, 70]', /: not a score object: .*; the evaluator must write/);
  fails('61', /: not a score object: /);
  fails('null', /: not a score object: /);
  fails('{ "Live Acc": "66.9%" }', /: not a score object at "Live Acc": .*expected number/);
  fails('{ "Live Acc": 66.9, "Multi Turn": null }', /: not a score object at "Multi Turn": /);
  fails('{ "Live Acc": { "acc": 0.6 } }', /at "Live Acc"/);
  fails('{ "": 3 }', /not a score object/);
  fails('{}', /: the score object is empty; the evaluator must score at least one category$/);
  // JSON has no Infinity, but 1e999 parses to it.
  fails('{ "Live Acc": 1e999 }', /at "Live Acc": .*Infinity/);
});

test('property: any record of finite numbers round-trips through JSON', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.string({ minLength: 1 }), fc.double({ noNaN: true, noDefaultInfinity: true }), { minKeys: 1 }),
      (scores) => {
        const parsed = parseScoresJson(JSON.stringify(scores), 'stdout');
        // JSON writes −0 as 0.
        assert.deepEqual(parsed, JSON.parse(JSON.stringify(scores)));
      },
    ),
  );
});
