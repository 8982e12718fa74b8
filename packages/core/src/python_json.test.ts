import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePythonJson } from './python_json.ts';

test("Python's NaN and Infinity tokens become numbers; the same words inside strings stay text", () => {
  const value = parsePythonJson('{"a": NaN, "b": [Infinity, -Infinity, -1.5e3], "NaN": "Infinity \\" NaN", "c": {"d": -Infinity}}');
  assert.deepEqual(value, { a: Number.NaN, b: [Infinity, -Infinity, -1500], NaN: 'Infinity " NaN', c: { d: -Infinity } });
  assert.deepEqual(parsePythonJson('{"plain": [1, "x"]}'), { plain: [1, 'x'] });
});

test('anything else that is not JSON is still a SyntaxError', () => {
  assert.throws(() => parsePythonJson('{"a": nan}'), SyntaxError);
  assert.throws(() => parsePythonJson('{"a": NaNa}'), SyntaxError);
  assert.throws(() => parsePythonJson('[Infinity'), SyntaxError);
});
