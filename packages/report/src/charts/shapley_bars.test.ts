import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLValidator } from 'fast-xml-parser';
import { shapleyBarsSvg } from './shapley_bars.ts';

/** How many marks of a kind the SVG holds: vega labels each drawn item with its ARIA role. */
const marks = (svg: string, role: string): number => svg.split(`aria-roledescription="${role}"`).length - 1;

const players = ['alpha', 'beta', 'gamma'];

test('sampled Shapley values get bars, ±1 SE error bars, value labels and the experts coloured apart', async () => {
  const svg = await shapleyBarsSvg(
    { players, values: { alpha: 1.5, beta: -0.25, gamma: 0.75 }, standardErrors: { alpha: 0.1, beta: 0.2, gamma: 0.05 }, coalitions: 12 },
    ['alpha'],
  );
  assert.equal(XMLValidator.validate(svg), true);
  assert.equal(marks(svg, 'bar'), 3);
  assert.equal(marks(svg, 'errorbar'), 3);
  for (const label of ['alpha', 'beta', 'gamma', '1.5', '−0.25', '0.75', 'SoCE expert', 'other candidate', 'Shapley value φ (±1 standard error)']) {
    assert.ok(svg.includes(`>${label}<`), `missing the label ${label}`);
  }
});

test('exact Shapley values have no error bars and no legend without experts to highlight', async () => {
  const svg = await shapleyBarsSvg({ players, values: { alpha: 1, beta: 2, gamma: 3 }, coalitions: 8 });
  assert.equal(XMLValidator.validate(svg), true);
  assert.equal(marks(svg, 'bar'), 3);
  assert.equal(marks(svg, 'errorbar'), 0);
  assert.doesNotMatch(svg, /SoCE expert/);
  assert.ok(svg.includes('>Shapley value φ<'));
});
