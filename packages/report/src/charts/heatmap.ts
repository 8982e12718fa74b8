import type { TopLevelSpec } from 'vega-lite';
import { formatCorrelation } from '../format.ts';
import { vegaLiteToSvg } from './vega_lite_svg.ts';

/**
 * A correlation matrix as the heatmap draws it (the shape of `@soce/core`'s `CorrelationView`
 * and of `soce analyze`'s JSON): `r[i][j]` for `categories[i]` × `categories[j]`, `null` where
 * undefined, and optionally the number of models behind each coefficient.
 */
export interface HeatmapMatrix {
  /** The categories, the order of rows and columns. */
  readonly categories: readonly string[];
  /** The coefficients, `null` where undefined. */
  readonly r: readonly (readonly (number | null)[])[];
  /** The number of models behind each coefficient. */
  readonly n?: readonly (readonly number[])[];
}

/** What the heatmap adds to the matrix. */
export interface HeatmapOptions {
  /** The heading ("Category correlation" unless given, e.g. "Pearson correlation over 121 models"). */
  readonly title?: string;
  /**
   * The weak pairs to outline, as the analysis found them (`analysis.weakPairs`: |r| < τ), and the
   * τ they were found at, for the subtitle. The chart draws what the analysis decided; it does not
   * apply the rule again.
   */
  readonly weak?: { readonly tau: number; readonly pairs: readonly { readonly categories: readonly [string, string] }[] };
}

/** The marker drawn in cells whose coefficient is undefined. */
export const UNDEFINED_MARK = 'n/a';

/**
 * The Vega-Lite spec of a correlation heatmap: a diverging red–blue scale fixed to [−1, 1] and
 * centred at 0 (so colours mean the same in every chart), the value printed in each cell, grey
 * cells marked `n/a` where the coefficient is undefined, and the weak pairs outlined when given.
 * Rows and columns keep the categories' order; numbers use the report's minus sign.
 */
export function correlationHeatmapSpec(matrix: HeatmapMatrix, options: HeatmapOptions = {}): TopLevelSpec {
  const { categories, r, n } = matrix;
  const { weak } = options;
  const weakCells = new Set(weak?.pairs.flatMap(({ categories: [a, b] }) => [`${a}\u0000${b}`, `${b}\u0000${a}`]));
  const values = categories.flatMap((row, i) =>
    categories.map((column, j) => {
      const value = r[i]?.[j] ?? null;
      return {
        row,
        column,
        r: value,
        n: n?.[i]?.[j] ?? null,
        label: value === null ? UNDEFINED_MARK : formatCorrelation(value),
        dark: value !== null && Math.abs(value) > 0.6,
        weak: i !== j && weakCells.has(`${row}\u0000${column}`),
      };
    }),
  );
  const cell = 46;
  const axis = { labelLimit: 260, labelFontSize: 12, ticks: false, domain: false };
  return {
    title: {
      text: options.title ?? 'Category correlation',
      subtitle: [
        ...(weak === undefined ? [] : [`dashed outline: |r| < τ = ${weak.tau} (a weak pair)`]),
        ...(values.some((v) => v.r === null) ? [`${UNDEFINED_MARK}: undefined (too few models with both scores, or a constant category)`] : []),
      ],
    },
    description: `Correlation heatmap of ${categories.length} categories: ${categories.join(', ')}`,
    width: { step: cell },
    height: { step: cell },
    data: { values },
    encoding: {
      x: { field: 'column', type: 'nominal', sort: [...categories], title: null, axis: { ...axis, orient: 'top', labelAngle: -40, labelAlign: 'left' } },
      y: { field: 'row', type: 'nominal', sort: [...categories], title: null, axis },
    },
    layer: [
      {
        transform: [{ filter: 'datum.r === null' }],
        mark: { type: 'rect', fill: '#e3e3e3', stroke: 'white', strokeWidth: 1 },
      },
      {
        transform: [{ filter: 'datum.r !== null' }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'r',
            type: 'quantitative',
            title: 'r',
            scale: { scheme: 'redblue', domain: [-1, 1], domainMid: 0 },
            // Ticks at every half, labelled with their own precision (a default integer format
            // would print 0.5 as "1").
            legend: { gradientLength: Math.max(120, Math.min(cell * categories.length, 320)), values: [-1, -0.5, 0, 0.5, 1], format: '.1~f' },
          },
        },
      },
      ...(weak === undefined
        ? []
        : [
            {
              transform: [{ filter: 'datum.weak' }],
              mark: { type: 'rect' as const, fill: null, stroke: '#111', strokeWidth: 2.5, strokeDash: [4, 2] },
            },
          ]),
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: 'datum.dark', value: 'white' }, value: '#111' },
        },
      },
    ],
  };
}

/** The heatmap rendered to a standalone SVG document (see `correlationHeatmapSpec`). */
export function correlationHeatmapSvg(matrix: HeatmapMatrix, options: HeatmapOptions = {}): Promise<string> {
  return vegaLiteToSvg(correlationHeatmapSpec(matrix, options));
}
