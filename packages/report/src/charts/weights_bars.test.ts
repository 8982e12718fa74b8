import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { weightsBarsSvg } from './weights_bars.ts';

/** How many marks of a kind the SVG holds: vega labels each drawn item with its ARIA role. */
const marks = (svg: string, role: string): number => svg.split(`aria-roledescription="${role}"`).length - 1;

const escapeXml = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

test('the weights are one bar per model, labelled with the model and its weight', async () => {
  const svg = await weightsBarsSvg({ 'xLAM-2-8b-fc-r (FC)': 0.7, 'ToolACE-2-8B (FC)': 0.2, 'watt-tool-8B (FC)': 0.1 });
  assert.equal(XMLValidator.validate(svg), true);
  assert.equal(marks(svg, 'bar'), 3);
  for (const label of ['xLAM-2-8b-fc-r (FC)', 'ToolACE-2-8B (FC)', 'watt-tool-8B (FC)', '0.70', '0.20', '0.10', 'weight']) {
    assert.ok(svg.includes(`>${label}<`), `missing the label ${label}`);
  }
});

test('any model names, including markup, come out escaped in a well-formed SVG', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9<>&"' -]{1,12}$/).filter((s) => s.trim() === s && s.length > 0), { minLength: 1, maxLength: 5 }),
      async (names) => {
        const svg = await weightsBarsSvg(Object.fromEntries(names.map((n) => [n, 1 / names.length])));
        assert.equal(XMLValidator.validate(svg), true);
        assert.equal(marks(svg, 'bar'), names.length);
        for (const name of names) assert.ok(svg.includes(`>${escapeXml(name).replaceAll('"', '&quot;')}<`) || svg.includes(`>${escapeXml(name)}<`), `missing ${name}`);
        assert.ok(!/<(?!\/?(svg|g|path|rect|text|line|defs|clipPath|title|desc|linearGradient|stop|circle)\b)[A-Za-z]/.test(svg), 'no stray element from a name');
      },
    ),
    { numRuns: 15 },
  );
});
