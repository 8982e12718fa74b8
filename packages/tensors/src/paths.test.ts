import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAbsolutePath, normalizePath, parentPath, relativePath, resolvePath } from './paths.ts';

test('normalizePath drops ., doubled slashes and dir/.. pairs, keeping a relative path\'s leading ..', () => {
  assert.equal(normalizePath('/a//b/./c/'), '/a/b/c');
  assert.equal(normalizePath('a/b/../c'), 'a/c');
  assert.equal(normalizePath('../../a/./b/..'), '../../a');
  assert.equal(normalizePath('/../a'), '/a');
  assert.equal(normalizePath('a/..'), '.');
  assert.equal(normalizePath(''), '.');
  assert.equal(normalizePath('C:\\models\\..\\soup'), 'C:/soup');
  assert.equal(normalizePath('/a\\b'), '/a\\b', 'a backslash in a POSIX file name stays');
});

test('isAbsolutePath knows POSIX roots and Windows drives', () => {
  for (const path of ['/a', 'C:/a', 'c:\\a']) assert.ok(isAbsolutePath(path), path);
  for (const path of ['a', './a', '../a', 'C:a']) assert.ok(!isAbsolutePath(path), path);
});

test('parentPath and resolvePath', () => {
  assert.equal(parentPath('/runs/soce.yaml'), '/runs');
  assert.equal(parentPath('soce.yaml'), '.');
  assert.equal(parentPath('/soce.yaml'), '/');
  assert.equal(parentPath('runs/a/../soce.yaml'), 'runs');
  assert.equal(resolvePath('/runs', './models/a'), '/runs/models/a');
  assert.equal(resolvePath('/runs', '../models/a'), '/models/a');
  assert.equal(resolvePath('/runs', '/abs/a'), '/abs/a');
  assert.equal(resolvePath('.', 'models/a'), 'models/a');
});

test('relativePath leads from a directory to a path, or says there is none', () => {
  assert.equal(relativePath('/work/run/soup', '/work/models/a'), '../../models/a');
  assert.equal(relativePath('/work/soup', '/work/soup/inner'), 'inner');
  assert.equal(relativePath('/a', '/a'), '.');
  assert.equal(relativePath('soup', 'models/a'), '../models/a');
  assert.equal(relativePath('../x/soup', 'models/a'), undefined, 'cannot climb out of an unknown directory');
  assert.equal(relativePath('soup', '/models/a'), undefined);
  assert.equal(relativePath('C:/soup', 'D:/models/a'), undefined);
  assert.equal(relativePath('C:/soup', 'c:/models/a'), '../models/a');
});

test('property: resolving the relative path from a directory gives the path back', () => {
  const cases: [string, string][] = [['/w/run/soup', '/w/models/a'], ['/w', '/w/x/y'], ['/', '/m'], ['a/b', 'a/c/d'], ['a', '.']];
  for (const [from, to] of cases) {
    const rel = relativePath(from, to);
    assert.ok(rel !== undefined);
    assert.equal(resolvePath(from, rel), normalizePath(to), `${from} → ${to} via ${rel}`);
  }
});
