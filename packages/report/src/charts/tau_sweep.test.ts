import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLValidator } from 'fast-xml-parser';
import { tauSweepSvg } from './tau_sweep.ts';

/** How many marks of a kind the SVG holds: vega labels each drawn item with its ARIA role. */
const marks = (svg: string, role: string): number => svg.split(`aria-roledescription="${role}"`).length - 1;

const rows = [
  { tau: 0.1, weakCount: 0, experts: [] },
  { tau: 0.2, weakCount: 2, experts: ['a'] },
  { tau: 0.3, weakCount: 4, experts: ['a', 'b', 'c'] },
  { tau: 0.4, weakCount: 5, experts: ['a', 'b', 'c'] },
];

test('the τ sweep is a valid SVG with both step lines, their points and the chosen τ marked', async () => {
  const svg = await tauSweepSvg(rows, 0.3);
  assert.equal(XMLValidator.validate(svg), true);
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal(marks(svg, 'line mark'), 2, 'one step line per series');
  assert.equal(marks(svg, 'point'), 2 * rows.length);
  assert.equal(marks(svg, 'rule mark'), 1, 'the chosen τ');
  assert.match(svg, />chosen τ = 0\.3</);
  assert.match(svg, />\|L\|: weakly correlated categories</);
  assert.match(svg, />experts picked</);
  assert.match(svg, />τ \(correlation threshold\)</);
});

test('equal counts do not hide a series: |L| is a wide light line under the experts\' thin dashed one', async () => {
  const equal = rows.map((row) => ({ ...row, weakCount: row.experts.length }));
  const svg = await tauSweepSvg(equal, 0.3);
  const lines = [...svg.matchAll(/<path[^>]*aria-roledescription="line mark"[^>]*>/g)].map((m) => m[0]);
  assert.equal(lines.length, 2);
  const [under, over] = lines as [string, string];
  assert.match(under, /series: \|L\|: weakly correlated categories/);
  assert.match(under, /stroke-width="6"/);
  assert.doesNotMatch(under, /stroke-dasharray/);
  assert.match(over, /series: experts picked/);
  assert.match(over, /stroke-width="2" stroke-dasharray="6,3"/);
  assert.equal(under.match(/ d="([^"]+)"/)?.[1], over.match(/ d="([^"]+)"/)?.[1], 'the same path, both visible');
  // A point's shape is its path in local coordinates (its position is a transform).
  const points = [...svg.matchAll(/<path[^>]*aria-roledescription="point"[^>]*>/g)].map((m) => m[0]);
  const shapesOf = (series: RegExp) => new Set(points.filter((p) => series.test(p)).map((p) => p.match(/ d="([^"]+)"/)?.[1]));
  const [weak, experts] = [shapesOf(/series: \|L\|/), shapesOf(/series: experts picked/)];
  assert.equal(weak.size, 1);
  assert.equal(experts.size, 1);
  assert.notDeepEqual([...weak], [...experts], 'round points for |L|, square ones for the experts');
});
