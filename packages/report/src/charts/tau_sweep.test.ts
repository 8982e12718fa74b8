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
