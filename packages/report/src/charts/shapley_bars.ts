import type { ShapleyView } from '@soce/core';
import type { TopLevelSpec } from 'vega-lite';
import { vegaLiteToSvg } from './vega_lite_svg.ts';

const EXPERT = 'SoCE expert';
const OTHER = 'other candidate';

/**
 * Each player's Shapley value as a bar, with ±1 standard error when the values were sampled. The
 * experts SoCE picked are coloured apart: the paper's check is that they carry the highest values.
 */
export async function shapleyBarsSvg(shapley: ShapleyView, experts: readonly string[] = []): Promise<string> {
  const values = shapley.players.map((player) => {
    const phi = shapley.values[player] ?? 0;
    const se = shapley.standardErrors?.[player];
    // A sampled value from a single permutation has no standard error (null): no error bar.
    const lo = se === undefined || se === null ? phi : phi - se;
    const hi = se === undefined || se === null ? phi : phi + se;
    return { player, phi, lo, hi, labelAt: Math.max(phi, hi, 0), role: experts.includes(player) ? EXPERT : OTHER };
  });
  const highlight = experts.length > 0;
  const axisTitle = shapley.standardErrors ? 'Shapley value φ (±1 standard error)' : 'Shapley value φ';
  const spec: TopLevelSpec = {
    description: `Shapley values: ${values.map((v) => `${v.player} ${v.phi}`).join(', ')}`,
    width: 420,
    height: { step: 28 },
    data: { values },
    encoding: {
      y: { field: 'player', type: 'nominal', title: null, sort: null, axis: { labelLimit: 260 } },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'phi', type: 'quantitative', title: axisTitle, scale: { zero: true } },
          color: highlight
            ? { field: 'role', type: 'nominal', title: null, scale: { domain: [EXPERT, OTHER], range: ['#e07b00', '#8c9db5'] }, legend: { orient: 'bottom' } }
            : { value: '#8c9db5' },
        },
      },
      ...(shapley.standardErrors
        ? [{ mark: { type: 'errorbar' as const, ticks: true, color: '#222' }, encoding: { x: { field: 'lo', type: 'quantitative' as const, title: axisTitle }, x2: { field: 'hi' } } }]
        : []),
      {
        mark: { type: 'text', align: 'left', dx: 5, color: '#222' },
        encoding: { x: { field: 'labelAt', type: 'quantitative', title: axisTitle }, text: { field: 'phi', type: 'quantitative', format: '.3~f' } },
      },
    ],
  };
  return vegaLiteToSvg(spec);
}
