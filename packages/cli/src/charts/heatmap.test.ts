import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLValidator } from 'fast-xml-parser';
import { correlationHeatmapSpec, correlationHeatmapSvg } from './heatmap.ts';

/** How many marks of a kind the SVG holds: vega labels each drawn item with its ARIA role. */
const marks = (svg: string, role: string): number => svg.split(`aria-roledescription="${role}"`).length - 1;

const matrix = {
  categories: ['Non-Live AST Acc', 'Live Acc', 'Relevance Detection'],
  r: [
    [1, 0.6, 0.1],
    [0.6, 1, null],
    [0.1, null, 1],
  ],
  n: [
    [120, 120, 120],
    [120, 121, 2],
    [120, 2, 120],
  ],
};

test('a cell per pair with its value, n/a on grey where undefined, full labels and the title', async () => {
  const svg = await correlationHeatmapSvg(matrix, { title: 'Pearson correlation over 121 models' });
  assert.equal(XMLValidator.validate(svg), true);
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal(marks(svg, 'rect mark'), 9, '7 coloured cells and 2 grey ones');
  for (const label of ['Non-Live AST Acc', 'Live Acc', 'Relevance Detection', '1.00', '0.60', '0.10', 'n/a', 'Pearson correlation over 121 models']) {
    assert.ok(svg.includes(`>${label}<`), `missing ${label}`);
  }
  assert.equal(svg.split('>n/a<').length - 1, 2);
  assert.ok(svg.includes('fill="#e3e3e3"'), 'undefined cells are grey');
});

test('the colour scale is diverging, fixed to [-1, 1] and centred at 0', () => {
  const spec = JSON.stringify(correlationHeatmapSpec(matrix));
  assert.match(spec, /"scheme":"redblue","domain":\[-1,1\],"domainMid":0/);
});

test('with τ, weak pairs are outlined and the subtitle says so', async () => {
  const svg = await correlationHeatmapSvg(matrix, { tau: 0.2 });
  assert.equal(XMLValidator.validate(svg), true);
  assert.equal(marks(svg, 'rect mark'), 11, 'the two cells of the 0.10 pair are outlined');
  assert.ok(svg.includes('>dashed outline: |r| &lt; τ = 0.2 (a weak pair)<'));
  assert.ok(svg.includes('>Category correlation<'));
});
