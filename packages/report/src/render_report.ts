import type { ReportModel } from '@soce/core';
import { SOCE_VERSION } from '@soce/common';
import { comparisonSection } from './comparison_section.ts';
import { consistencySection, correlationSection } from './correlation_section.ts';
import { expertsSection } from './experts_section.ts';
import { header } from './header.ts';
import { html, trusted } from './html.ts';
import { REPORT_CSS } from './report_style.ts';
import { searchSection } from './search_section.ts';
import { renderSection, type Section } from './section.ts';
import { shapleySection } from './shapley_section.ts';
import { tauSweepSection } from './tau_sweep_section.ts';
import { weightsSection } from './weights_section.ts';

/**
 * No script may run and nothing may load: the page is meant to be opened from disk or a CI
 * artifact, and it shows names taken from user files. Inline styles and data images only.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * Renders a run's report as one self-contained HTML page. Each section appears only when the
 * model has its data; charts are rendered to inline SVG here, so viewing needs no script. All text
 * from the model is escaped. Asynchronous because the chart renderer (Vega) is.
 */
export async function renderReport(model: ReportModel): Promise<string> {
  const experts = model.search?.experts ?? model.analysis?.experts.map((e) => e.model) ?? [];
  const sections = (
    await Promise.all([
      model.analysis ? correlationSection(model.analysis) : null,
      model.consistency ? consistencySection(model.consistency) : null,
      model.analysis ? tauSweepSection(model.analysis) : null,
      model.analysis ? expertsSection(model.analysis) : null,
      model.search ? searchSection(model.search) : null,
      model.search ? weightsSection(model.search) : null,
      model.shapley ? shapleySection(model.shapley, experts) : null,
      model.comparison ? comparisonSection(model.comparison) : null,
    ])
  ).filter((s): s is Section => s !== null);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="${model.tool}">
<title>${model.title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<main>
${header(model, sections)}
${sections.map((s) => html`${renderSection(s)}\n`)}
<footer>Report rendered by soce ${SOCE_VERSION}; charts drawn with Vega-Lite when the report was written. The page needs no network and runs no script.</footer>
</main>
</body>
</html>
`;
  return page.markup;
}
