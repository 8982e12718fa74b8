import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SOCE_ERROR_KINDS, SoceError } from './soce_error.ts';

class ExampleError extends SoceError<'broken'> {
  override readonly name = 'ExampleError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'broken', kind: 'runtime', cause });
  }
}

test('a subclass keeps its name, code, kind, message, cause and stack', () => {
  const cause = new Error('disk full');
  const error = new ExampleError('the soup could not be written', cause);
  assert.ok(error instanceof SoceError && error instanceof Error);
  assert.equal(error.name, 'ExampleError');
  assert.equal(error.code, 'broken');
  assert.equal(error.kind, 'runtime');
  assert.equal(error.message, 'the soup could not be written');
  assert.equal(error.cause, cause);
  assert.match(String(error.stack), /ExampleError: the soup could not be written/);
  assert.equal(String(error), 'ExampleError: the soup could not be written');
});

test('without a cause, none is recorded', () => {
  const error = new SoceError('bad', { code: 'bad', kind: 'input' });
  assert.equal('cause' in error, false);
  assert.equal(error.name, 'SoceError');
});

test('the kinds are input and runtime', () => {
  assert.deepEqual(SOCE_ERROR_KINDS, ['input', 'runtime']);
});
