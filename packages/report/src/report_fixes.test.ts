// What the report says must follow from the run's numbers: the consistency text states what the
// means show (the paper's finding, its opposite, or no change), and a table never shows one soup
// twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ComparisonEntry, ReportModel } from '@soce/core';
import { bfcl8bReportModel } from '../test-fixtures/bfcl_8b_fixture.ts';
import { consistencyFinding } from './correlation_section.ts';
import { renderReport } from './render_report.ts';

const consistency = bfcl8bReportModel.consistency!;
/** The markup of one section of a page. */
function textOf(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}"`);
  assert.ok(start >= 0, `the page has a ${id} section`);
  return page.slice(start, page.indexOf('</section>', start));
}

test('the consistency text says what the means show: more, less, about the same, or nothing to compare', async () => {
  assert.match(consistencyFinding(0.1, 0.4), /^The evaluated soups’ categories move together more than the candidates’ \(\+0\.30\): .* as the paper’s figure 2 found\.$/);
  assert.match(consistencyFinding(0.5, 0.2), /^The evaluated soups’ categories move together less than the candidates’ \(−0\.30\): this run does not show the paper’s finding/);
  assert.match(consistencyFinding(0.5, 0.502), /about as much as the candidates’ \(\+0\.00\): this run shows no change/);
  assert.match(consistencyFinding(null, 0.4), /cannot say/);

  // Rendered from the data, whichever way it points: the claim follows the numbers.
  const worse = await renderReport({ ...bfcl8bReportModel, consistency: { ...consistency, meanBefore: 0.62, meanAfter: 0.31 } });
  const section = textOf(worse, 'consistency');
  assert.match(section, /<strong>0\.62<\/strong> across the candidates, <strong>0\.31<\/strong> across the evaluated soups\. The evaluated soups’ categories move together less/);
  assert.doesNotMatch(section, /as the paper’s figure 2 found/);
  const better = textOf(await renderReport({ ...bfcl8bReportModel, consistency: { ...consistency, meanBefore: -0.05, meanAfter: 0.41 } }), 'consistency');
  assert.match(better, /<strong>−0\.05<\/strong> across the candidates.*move together more than the candidates’ \(\+0\.46\)/);
});

test('when every candidate is an expert, the one uniform soup is one row, saying it is both', async () => {
  const rows = bfcl8bReportModel.comparison!.rows;
  const uniformAll = rows.find((r) => r.kind === 'uniformAll')!;
  const everyone: ComparisonEntry[] = rows.map((r) => (r.kind === 'uniformExperts' ? { ...r, weights: { ...uniformAll.weights }, dev: uniformAll.dev, test: uniformAll.test } : r));
  const model: ReportModel = { ...bfcl8bReportModel, comparison: { ...bfcl8bReportModel.comparison!, rows: everyone } };
  const table = textOf(await renderReport(model), 'comparison');
  assert.equal(table.split('class="kind-uniformExperts"').length - 1, 0);
  assert.equal(table.split('class="kind-uniformAll"').length - 1, 1);
  assert.match(table, /every candidate is an expert: also the uniform soup of the experts/);
  // With fewer experts than candidates, both rows stay.
  const usual = textOf(await renderReport(bfcl8bReportModel), 'comparison');
  assert.equal(usual.split('class="kind-uniformExperts"').length - 1, 1);
  assert.equal(usual.split('class="kind-uniformAll"').length - 1, 1);
});
