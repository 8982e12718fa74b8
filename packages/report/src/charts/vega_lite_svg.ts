import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite/types_unstable/config.js';

/** The font stack of the report's page, so chart text matches the tables around it. */
const font = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/**
 * The look every report chart shares. Sizes are for a laptop screen at 100% and stay legible
 * when printed; the grey frame is dropped because the page already frames each figure.
 */
export const chartConfig: Config = {
  font,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 600, labelColor: '#333', titleColor: '#222', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 600, labelLimit: 320 },
  title: { fontSize: 14, fontWeight: 600, anchor: 'start' },
};

/**
 * Compiles a Vega-Lite spec and renders it headless to an SVG string. Rendering happens when the
 * report is written, so the page needs no script and no network to show its charts.
 */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile({ ...spec, config: { ...chartConfig, ...spec.config } } as TopLevelSpec).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
