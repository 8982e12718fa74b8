// The report of the BFCL 8B fixture, rendered to a file and opened in headless Chromium: every
// chart must draw, the layout must hold, and the screenshot is kept for people to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bfcl8bReportModel } from '../packages/report/test-fixtures/bfcl_8b_fixture.ts';
import { writeReport } from '../packages/cli/src/write_report.ts';
import { screenshotReport } from './chromium.ts';

const root = new URL('..', import.meta.url).pathname;

test('the fixture report renders every chart in headless Chromium and is screenshotted', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'soce-report-e2e-'));
  try {
    const html = await writeReport(dir, bfcl8bReportModel);
    const png = join(root, 'tmp', 'e2e', 'report.png');
    const result = await screenshotReport(html, png);
    assert.deepEqual([...result.names], ['correlation', 'consistency-before', 'consistency-after', 'tau-sweep', 'search-trace', 'weights', 'shapley']);
    assert.equal(result.charts, 7);
    assert.ok((await stat(png)).size > 50_000, 'the screenshot is a real page, not a blank one');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
