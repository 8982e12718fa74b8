import type { ReportModel } from '@soce/core';
import { comparisonSection } from './comparison_section.ts';
import { consistencySection, correlationSection } from './correlation_section.ts';
import { expertsSection } from './experts_section.ts';
import { header } from './header.ts';
import { html } from './html.ts';
import { renderPage } from './page.ts';
import { searchSection } from './search_section.ts';
import { renderSection, type Section } from './section.ts';
import { shapleySection } from './shapley_section.ts';
import { tauSweepSection } from './tau_sweep_section.ts';
import { weightsSection } from './weights_section.ts';

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
  return renderPage({ title: model.title, tool: model.tool, charts: true }, html`${header(model, sections)}
${sections.map((s) => html`${renderSection(s)}\n`)}`);
}
