import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scopeSvgIds } from './svg_ids.ts';

const svg = '<svg><defs><clipPath id="clip1"><rect/></clipPath><linearGradient id="gradient_0"/></defs><g clip-path="url(#clip1)"><path fill="url(#gradient_0)"/><use href="#clip1"/><a href="#elsewhere"/></g></svg>';

test('every id and every reference to it gets the prefix; other references stay', () => {
  assert.equal(
    scopeSvgIds(svg, 'weights'),
    '<svg><defs><clipPath id="weights-clip1"><rect/></clipPath><linearGradient id="weights-gradient_0"/></defs><g clip-path="url(#weights-clip1)"><path fill="url(#weights-gradient_0)"/><use href="#weights-clip1"/><a href="#elsewhere"/></g></svg>',
  );
});

test('two charts with the same ids no longer clash once scoped', () => {
  const page = scopeSvgIds(svg, 'a') + scopeSvgIds(svg, 'b');
  const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length);
});

test('an SVG without ids is returned as it is', () => {
  assert.equal(scopeSvgIds('<svg><path d="M0,0"/></svg>', 'x'), '<svg><path d="M0,0"/></svg>');
});
