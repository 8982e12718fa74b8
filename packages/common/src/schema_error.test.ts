import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { formatKeyPath, parseWithSchema, schemaErrorMessage } from './schema_error.ts';
import { SoceError } from './soce_error.ts';

const schema = z.strictObject({
  search: z.strictObject({ step: z.number().positive(), bounds: z.strictObject({ min: z.number() }) }),
  models: z.array(z.strictObject({ path: z.string(), weight: z.number().nonnegative() })),
});
const fail = (message: string, cause: z.ZodError) => new SoceError(message, { code: 'bad-file', kind: 'input', cause });

test('a key path reads as in YAML: dots between keys, brackets around list indices', () => {
  assert.equal(formatKeyPath(['models', 2, 'weight']), 'models[2].weight');
  assert.equal(formatKeyPath([0, 'a']), '[0].a');
  assert.equal(formatKeyPath([]), '');
});

test('parseWithSchema returns the parsed value when it is valid', () => {
  const value = { search: { step: 0.1, bounds: { min: 0 } }, models: [{ path: 'a', weight: 1 }] };
  assert.deepEqual(parseWithSchema(schema, value, 'recipe.yaml', fail), value);
});

test('one issue: the file, the key path and the problem on one line, the ZodError kept as the cause', () => {
  const value = { search: { step: 0.1, bounds: { min: 0 } }, models: [{ path: 'a', weight: 1 }, { path: 'b', weight: -1 }] };
  assert.throws(
    () => parseWithSchema(schema, value, 'recipe.yaml', fail),
    (error: unknown) => {
      assert.ok(error instanceof SoceError);
      assert.equal(error.kind, 'input');
      assert.match(error.message, /^recipe\.yaml: models\[1\]\.weight: /);
      assert.ok(error.cause instanceof z.ZodError);
      return true;
    },
  );
});

test('several issues: one line each; unknown keys get the caller\'s hint; a limit counts the rest', () => {
  const result = schema.safeParse({ search: { stepp: 1, step: 0, bounds: { min: 'x' } }, models: [] });
  assert.ok(!result.success);
  const hint = (key: string, path: string) => (key === 'stepp' && path === 'search' ? ' (did you mean "step"?)' : '');
  const message = schemaErrorMessage(result.error, 'soce.yaml', { unknownKeyHint: hint });
  const lines = message.split('\n');
  assert.equal(lines[0], 'soce.yaml:');
  assert.ok(lines.includes('  unknown key "search.stepp" (did you mean "step"?)'), message);
  assert.ok(lines.some((line) => line.startsWith('  search.step: ')), message);
  assert.ok(lines.some((line) => line.startsWith('  search.bounds.min: ')), message);
  const limited = schemaErrorMessage(result.error, 'soce.yaml', { limit: 1 }).split('\n');
  assert.equal(limited.length, 3);
  assert.match(limited[2]!, /^ {2}… and 2 more$/);
});

test('a problem with the whole value says "(top level)"', () => {
  const result = schema.safeParse(42);
  assert.ok(!result.success);
  assert.match(schemaErrorMessage(result.error, 'x.json'), /^x\.json: \(top level\): /);
});
