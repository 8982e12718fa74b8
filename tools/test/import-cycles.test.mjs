// Modules of a package import each other in one direction only: a cycle (even through
// `import type`) means two files hold one concept, or one holds a type that belongs in a third.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

/** The relative imports and re-exports of a module, type-only ones included. */
function importsOf(text) {
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]);
}

/** Module graph of `files` (absolute paths): file → files it imports. */
function graphOf(files) {
  return new Map(files.map((file) => [file, importsOf(readFileSync(file, 'utf8')).map((spec) => normalize(join(dirname(file), spec)))]));
}

/** The cycles of `graph`: each strongly connected component of more than one module, or a module importing itself. */
function cyclesOf(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (node) => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), indices.get(next)));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

const packageSources = ['packages']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name, 'src')))
  .filter((dir) => existsSync(dir))
  .map((dir) => readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => join(dir, f)));

test('the check itself finds a cycle through type imports, and none in a chain', () => {
  const graph = new Map([
    ['/a.ts', ['/b.ts']],
    ['/b.ts', ['/c.ts']],
    ['/c.ts', ['/a.ts']],
    ['/d.ts', ['/a.ts']],
  ]);
  assert.deepEqual(cyclesOf(graph), [['/a.ts', '/b.ts', '/c.ts']]);
  assert.deepEqual(importsOf("import type { X } from './x.ts';\nexport { y } from '../y.ts';\nimport { z } from 'zod';\n"), ['./x.ts', '../y.ts']);
  graph.set('/c.ts', []);
  assert.deepEqual(cyclesOf(graph), []);
});

test('no package has an import cycle between its modules', () => {
  const cycles = packageSources.flatMap((files) => cyclesOf(graphOf(files)));
  assert.deepEqual(cycles.map((cycle) => cycle.map((file) => relative(root, file)).join(' ⇄ ')), []);
});
