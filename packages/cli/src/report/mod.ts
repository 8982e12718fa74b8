/**
 * The HTML report of a SoCE run: one self-contained page (inline CSS, charts as inline SVG
 * rendered when it is written, no script, no network) drawn from a `ReportModel`.
 * @module
 */
export { renderReport } from './render_report.ts';
export { REPORT_FILE, writeReport } from './write_report.ts';
