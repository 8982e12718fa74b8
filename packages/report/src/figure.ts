import { html, trusted, type Html } from './html.ts';
import { scopeSvgIds } from './svg_ids.ts';

/**
 * A chart in its figure. `name` tags it (`data-chart`) so tests and the e2e check can find each
 * chart, and scopes the SVG's ids so charts on one page cannot clash. The SVG's natural width is
 * passed to the stylesheet, so charts shown side by side shrink by the same factor and stay
 * comparable.
 */
export function figure(name: string, svg: string, caption: Html | string): Html {
  const width = Number(/^<svg\b[^>]*?\swidth="([\d.]+)"/.exec(svg)?.[1]);
  const style = Number.isFinite(width) && width > 0 ? `--chart-width: ${width}px` : null;
  return html`<figure class="chart" data-chart="${name}"${style ? html` style="${style}"` : null}>${trusted(scopeSvgIds(svg, name))}<figcaption>${caption}</figcaption></figure>`;
}
