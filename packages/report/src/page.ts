import { SOCE_VERSION } from '@soce/common';
import { html, trusted, type Html } from './html.ts';
import { REPORT_CSS } from './report_style.ts';

/**
 * No script may run and nothing may load: the page is meant to be opened from disk or a CI
 * artifact, and it shows names taken from user files. Inline styles and data images only.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** What goes around a report's content. */
export interface PageFrame {
  /** The page's title. */
  readonly title: string;
  /** What made the report, for the generator tag. */
  readonly tool: string;
  /** Whether the page holds charts, which the footer then credits. */
  readonly charts: boolean;
}

/** A report page: the self-contained document (inline style, no script) around `content`. */
export function renderPage(frame: PageFrame, content: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="${frame.tool}">
<title>${frame.title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<main>
${content}
<footer>Report rendered by soce ${SOCE_VERSION}${frame.charts ? '; charts drawn with Vega-Lite when the report was written' : ''}. The page needs no network and runs no script.</footer>
</main>
</body>
</html>
`.markup;
}
