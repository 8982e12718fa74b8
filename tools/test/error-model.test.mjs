// One error model for the whole SDK: every error class a package defines derives from SoceError
// (@soce/common), so programs (and the CLI's exit codes) can rely on `code` and `kind`, and
// SoceError itself is defined and exported once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SoceError } from '@soce/common';

const root = new URL('../..', import.meta.url).pathname;
const packageDirs = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `packages/${entry.name}`);

/** Source files of the packages (tests excluded): `{ file, text }`. */
function sources() {
  return packageDirs.flatMap((dir) =>
    readdirSync(join(root, dir, 'src'), { recursive: true })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => ({ file: `${dir}/src/${file}`, text: readFileSync(join(root, dir, 'src', file), 'utf8') })),
  );
}

const BUILT_IN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError', 'DOMException']);

/**
 * The classes of `files` that are errors (they extend a built-in error, directly or through other
 * classes of `files`, or their name ends in `Error`) but do not derive from SoceError.
 */
function errorClassesOutsideTheModel(files) {
  const parents = new Map();
  const where = new Map();
  for (const { file, text } of files) {
    for (const match of text.matchAll(/\bclass\s+(\w+)(?:<[^{]*?>)?(?:\s+extends\s+([\w.]+))?/g)) {
      parents.set(match[1], match[2]);
      where.set(match[1], file);
    }
  }
  const derivesFrom = (name, target, seen = new Set()) => {
    if (name === target) return true;
    if (name === undefined || seen.has(name)) return false;
    seen.add(name);
    return derivesFrom(parents.get(name), target, seen);
  };
  const rootOf = (name, seen = new Set()) => {
    const parent = parents.get(name);
    if (parent === undefined || seen.has(name) || !parents.has(parent)) return parent ?? name;
    seen.add(name);
    return rootOf(parent, seen);
  };
  return [...parents.keys()]
    .filter((name) => name !== 'SoceError')
    .filter((name) => BUILT_IN_ERRORS.has(rootOf(name)) || /Error$/.test(name))
    .filter((name) => !derivesFrom(name, 'SoceError'))
    .map((name) => `${where.get(name)}: class ${name} extends ${parents.get(name) ?? 'nothing'}; make it extend SoceError (from @soce/common) with a code and a kind`);
}

test('the check itself: an error class outside the model is found, directly or through a parent', () => {
  const files = [
    { file: 'a.ts', text: "export class GoodError extends SoceError<'x'> {}\nclass Nested extends GoodError {}" },
    { file: 'b.ts', text: 'export class BadError extends Error {}\nexport class Worse extends BadError {}\nclass Odd extends RangeError {}' },
  ];
  assert.deepEqual(errorClassesOutsideTheModel(files).map((line) => line.split(':')[1].trim()), [
    'class BadError extends Error; make it extend SoceError (from @soce/common) with a code and a kind',
    'class Worse extends BadError; make it extend SoceError (from @soce/common) with a code and a kind',
    'class Odd extends RangeError; make it extend SoceError (from @soce/common) with a code and a kind',
  ]);
});

test('every error class of every package derives from SoceError', () => {
  assert.deepEqual(errorClassesOutsideTheModel(sources()), []);
});

test('SoceError is defined once, in @soce/common', () => {
  const definitions = sources().filter(({ text }) => /\bclass\s+SoceError\b/.test(text)).map(({ file }) => file);
  assert.deepEqual(definitions, ['packages/common/src/soce_error.ts']);
});

test('every error class a package exports is a SoceError, and the only SoceError is @soce/common\'s', async () => {
  const entryPoints = packageDirs.flatMap((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    return Object.keys(manifest.exports ?? {}).map((subpath) => `${manifest.name}${subpath.slice(1)}`);
  });
  const errorClasses = [];
  for (const entry of entryPoints) {
    const module = await import(entry);
    for (const [name, value] of Object.entries(module)) {
      if (typeof value !== 'function' || !(value.prototype instanceof Error)) continue;
      errorClasses.push(name);
      if (name === 'SoceError') assert.equal(value, SoceError, `${entry} exports a SoceError of its own`);
      else assert.ok(value.prototype instanceof SoceError, `${entry} exports ${name}, which is not a SoceError`);
    }
  }
  // The packages' error classes are all there (a sample of each package).
  for (const name of ['ScoreTableError', 'WeightsError', 'MergeError', 'ConfigError', 'EvaluationError']) assert.ok(errorClasses.includes(name), name);
});
