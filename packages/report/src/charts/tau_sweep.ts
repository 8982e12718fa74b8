import type { TauSweepRow } from '@soce/core';
import type { TopLevelSpec } from 'vega-lite';
import { vegaLiteToSvg } from './vega_lite_svg.ts';

/** The two counts the sweep plots, as legend labels. */
const WEAK = '|L|: weakly correlated categories';
const EXPERTS = 'experts picked';
/** The plot's height, also where the chosen τ's label sits: at the bottom, clear of the plateaus. */
const HEIGHT = 220;

/**
 * How |L| and the number of experts grow with τ, as step lines with the chosen τ marked: the
 * plateaus show where the expert set is stable, which is what a user wants when picking τ. The
 * two counts are often equal, so the lines must not hide each other: |L| is a wide, light line
 * with round points, the experts a thin dashed one on top of it with square points.
 */
export async function tauSweepSvg(rows: readonly TauSweepRow[], chosenTau: number): Promise<string> {
  const values = rows.flatMap((row) => [
    { tau: row.tau, count: row.weakCount, series: WEAK },
    { tau: row.tau, count: row.experts.length, series: EXPERTS },
  ]);
  const spec: TopLevelSpec = {
    description: `Weakly correlated categories and experts against the threshold tau; chosen tau ${chosenTau}`,
    width: 560,
    height: HEIGHT,
    data: { values },
    layer: [
      // |L| first, wide and light; the experts' line after it, so on top.
      ...[
        { series: WEAK, strokeWidth: 6 },
        { series: EXPERTS, strokeWidth: 2, strokeDash: [6, 3] },
      ].map(({ series, ...stroke }) => ({
        transform: [{ filter: { field: 'series', equal: series } }],
        mark: { type: 'line' as const, interpolate: 'step-after' as const, ...stroke },
        encoding: {
          x: { field: 'tau', type: 'quantitative' as const, title: 'τ (correlation threshold)' },
          y: { field: 'count', type: 'quantitative' as const, title: 'count', axis: { tickMinStep: 1, format: 'd' } },
          color: { field: 'series', type: 'nominal' as const, title: null, scale: { domain: [WEAK, EXPERTS], range: ['#8fb8de', '#d35400'] }, legend: { orient: 'bottom' as const } },
        },
      })),
      {
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          x: { field: 'tau', type: 'quantitative' },
          y: { field: 'count', type: 'quantitative' },
          color: { field: 'series', type: 'nominal' },
          shape: { field: 'series', type: 'nominal', title: null, scale: { domain: [WEAK, EXPERTS], range: ['circle', 'square'] }, legend: { orient: 'bottom' } },
        },
      },
      {
        data: { values: [{ tau: chosenTau, label: `chosen τ = ${chosenTau}` }] },
        layer: [
          { mark: { type: 'rule', color: '#c0392b', strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { x: { field: 'tau', type: 'quantitative' } } },
          {
            mark: { type: 'text', color: '#c0392b', align: 'left', dx: 5, dy: -4, baseline: 'bottom', fontWeight: 600 },
            encoding: { x: { field: 'tau', type: 'quantitative' }, y: { value: HEIGHT }, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
  return vegaLiteToSvg(spec);
}
