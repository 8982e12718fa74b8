import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLValidator } from 'fast-xml-parser';
import type { TracePoint } from '@soce/core';
import { searchTraceSvg } from './search_trace.ts';

/** How many marks of a kind the SVG holds: vega labels each drawn item with its ARIA role. */
const marks = (svg: string, role: string): number => svg.split(`aria-roledescription="${role}"`).length - 1;

const trace: TracePoint[] = [
  { index: 1, weights: { a: 0.5, b: 0.5 }, objective: 70, bestSoFar: 70, phase: 'grid' },
  { index: 2, weights: { a: 0.2, b: 0.8 }, objective: null, bestSoFar: 70, phase: 'grid', error: 'out of memory' },
  { index: 3, weights: { a: 0.8, b: 0.2 }, objective: 74, bestSoFar: 74, phase: 'grid' },
  { index: 4, weights: { a: 0.7, b: 0.3 }, objective: 73, bestSoFar: 74, phase: 'coordinate' },
];

test('the trace shows every evaluation as a point, the best so far as a line and failures as crosses', async () => {
  const svg = await searchTraceSvg(trace);
  assert.equal(XMLValidator.validate(svg), true);
  assert.equal(marks(svg, 'point'), 4, 'one point per evaluation, failed included');
  assert.match(svg, /aria-label="evaluation: 2; objective: 70; kind: failed"[^>]*fill="#d62728"/, 'the failed evaluation is a red mark on the floor');
  assert.equal(marks(svg, 'line mark'), 1, 'the best-so-far line');
  for (const label of ['grid', 'coordinate', 'failed', 'best so far', 'evaluation', 'objective']) {
    assert.ok(svg.includes(`>${label}<`), `missing the label ${label}`);
  }
});

test('a trace without failures has no failed entry in its legend', async () => {
  const svg = await searchTraceSvg(trace.filter((p) => p.objective !== null));
  assert.equal(XMLValidator.validate(svg), true);
  assert.ok(!svg.includes('>failed<'));
});
