import { join } from 'node:path';
import { RUN_FILES, type ReportModel } from '@soce/core';
import { renderReport } from '@soce/report';
import { writeFileAtomic } from './atomic_write.ts';

/**
 * Renders the report and writes `dir/report.html`, creating `dir` if needed, and resolves with
 * the file's path. It writes a temporary file beside it and renames it into place, so a reader (a
 * browser reloading, a CI artifact upload) never sees half a report and an old one survives a crash.
 */
export async function writeReport(dir: string, model: ReportModel): Promise<string> {
  const path = join(dir, RUN_FILES.reportHtml);
  await writeFileAtomic(path, await renderReport(model));
  return path;
}
