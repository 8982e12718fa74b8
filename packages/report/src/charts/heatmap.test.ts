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

test('the weak pairs the analysis found are outlined (the chart does not apply |r| < τ itself) and the subtitle says so', async () => {
  const weak = { tau: 0.2, pairs: [{ categories: ['Non-Live AST Acc', 'Relevance Detection'] as const }] };
  const svg = await correlationHeatmapSvg(matrix, { weak });
  assert.equal(XMLValidator.validate(svg), true);
  assert.equal(marks(svg, 'rect mark'), 11, 'the two cells of the 0.10 pair are outlined');
  assert.ok(svg.includes('>dashed outline: |r| &lt; τ = 0.2 (a weak pair)<'));
  assert.ok(svg.includes('>Category correlation<'));
  // A pair the analysis did not call weak is not outlined, whatever its |r|.
  const none = await correlationHeatmapSvg(matrix, { weak: { tau: 0.2, pairs: [] } });
  assert.equal(marks(none, 'rect mark'), 9);
});

test('the legend reads −1, −0.5, 0, 0.5, 1, and every minus sign is U+2212', async () => {
  const negative = { categories: ['a', 'b', 'c'], r: [[1, -0.29, -0.01], [-0.29, 1, 0.5], [-0.01, 0.5, 1]] };
  const svg = await correlationHeatmapSvg(negative);
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
  for (const tick of ['−1', '−0.5', '0', '0.5', '1']) assert.ok(texts.includes(tick), `legend tick ${tick} in ${texts.join(' | ')}`);
  assert.ok(texts.includes('−0.29') && texts.includes('−0.01'), 'cell labels use U+2212');
  assert.deepEqual(texts.filter((t) => /(^|[^\w])-\d/.test(t)), [], 'no ASCII hyphen as a minus sign');
});
