import { join } from 'node:path';
import type { ReportModel } from '@soce/core';
import { writeFileAtomic } from '../atomic_write.ts';
import { renderReport } from './render_report.ts';

/** The report's file name inside a run's output directory. */
export const REPORT_FILE = 'report.html';

/**
 * Renders the report and writes `dir/report.html`, creating `dir` if needed, and resolves with
 * the file's path. It writes a temporary file beside it and renames it into place, so a reader (a
 * browser reloading, a CI artifact upload) never sees half a report and an old one survives a crash.
 */
export async function writeReport(dir: string, model: ReportModel): Promise<string> {
  const path = join(dir, REPORT_FILE);
  await writeFileAtomic(path, await renderReport(model));
  return path;
}
