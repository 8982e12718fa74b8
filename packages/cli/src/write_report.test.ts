import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_FILES, type ReportModel } from '@soce/core';
import { renderReport } from '@soce/report';
import { writeReport } from './write_report.ts';

const model: ReportModel = { title: 'A run', createdAt: '2025-11-20T14:32:00Z', tool: 'soce 0.1.0', candidates: ['a', 'b'] };

test('writeReport creates the directory, replaces an old report and leaves no temporary file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'soce-write-report-'));
  try {
    const dir = join(root, 'out', 'nested');
    const first = await writeReport(dir, model);
    assert.equal(first, join(dir, RUN_FILES.reportHtml));
    await writeFile(first, 'an old report', 'utf8');
    const second = await writeReport(dir, { ...model, title: 'A newer run' });
    assert.equal(second, first);
    assert.equal(await readFile(second, 'utf8'), await renderReport({ ...model, title: 'A newer run' }));
    assert.deepEqual(await readdir(dir), [RUN_FILES.reportHtml]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a directory that cannot be written fails with the system error and leaves nothing behind', async () => {
  const root = await mkdtemp(join(tmpdir(), 'soce-write-report-'));
  try {
    const blocker = join(root, 'a-file');
    await writeFile(blocker, 'not a directory', 'utf8');
    await assert.rejects(writeReport(join(blocker, 'out'), model), (e: NodeJS.ErrnoException) => e.code === 'ENOTDIR' || e.code === 'EEXIST');
    assert.deepEqual(await readdir(root), ['a-file']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
