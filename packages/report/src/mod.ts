/**
 * The report of a SoCE run, runtime-neutral (Node, Deno, browsers): {@link renderReport} turns the
 * `ReportModel` that `runPipeline` returns (and writes as `report.json`) into one self-contained
 * HTML page — inline CSS, charts as inline SVG rendered with Vega-Lite when the page is made, no
 * script, no network — and the chart functions render each figure on its own (`soce analyze`
 * writes the correlation heatmap). Writing the page to a file is the caller's: a string in, a
 * string out. {@link renderSeedsReport} renders the table of a run repeated over several seeds.
 * @module
 */
export { renderReport } from './render_report.ts';
export { renderSeedsReport, type SeedRunView, type SeedsReportModel, type SeedsReportRow, type SeedStatisticView } from './seeds_report.ts';
export { correlationHeatmapSpec, correlationHeatmapSvg, UNDEFINED_MARK, type HeatmapMatrix, type HeatmapOptions } from './charts/heatmap.ts';
export { searchTraceSvg } from './charts/search_trace.ts';
export { shapleyBarsSvg } from './charts/shapley_bars.ts';
export { tauSweepSvg } from './charts/tau_sweep.ts';
export { weightsBarsSvg } from './charts/weights_bars.ts';
export { chartConfig, vegaLiteToSvg } from './charts/vega_lite_svg.ts';
