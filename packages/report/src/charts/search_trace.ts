import type { TracePoint } from '@soce/core';
import type { TopLevelSpec } from 'vega-lite';
import { vegaLiteToSvg } from './vega_lite_svg.ts';

const FAILED = 'failed';
const BEST = 'best so far';
/** Colours for the strategies' points; failures and the best-so-far line keep fixed colours. */
const PHASE_COLOURS = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#17becf', '#bcbd22'];

/**
 * The weight search as it ran: every evaluation's objective as a point coloured by the strategy
 * that proposed it, the best-so-far as a step line, failed evaluations as red crosses on the
 * chart's floor (they have no objective, but where they happened matters).
 */
export async function searchTraceSvg(trace: readonly TracePoint[]): Promise<string> {
  const phases = [...new Set(trace.map((p) => p.phase))];
  const objectives = trace.flatMap((p) => (p.objective === null ? [] : [p.objective]));
  const floor = objectives.length > 0 ? Math.min(...objectives) : 0;
  const points = trace.map((p) =>
    p.objective === null ? { index: p.index, objective: floor, kind: FAILED } : { index: p.index, objective: p.objective, kind: p.phase },
  );
  const best = trace.flatMap((p) => (p.bestSoFar === null ? [] : [{ index: p.index, best: p.bestSoFar }]));
  const kinds = [...phases, ...(points.some((p) => p.kind === FAILED) ? [FAILED] : []), BEST];
  const colours = [...phases.map((_, i) => PHASE_COLOURS[i % PHASE_COLOURS.length] ?? '#1f77b4'), ...(kinds.includes(FAILED) ? ['#d62728'] : []), '#222222'];
  const shapes = [...phases.map(() => 'circle'), ...(kinds.includes(FAILED) ? ['cross'] : []), 'stroke'];
  const failures = trace.length - objectives.length;
  const spec: TopLevelSpec = {
    description: `Search trace: ${trace.length} evaluations, ${failures} failed, best objective ${Math.max(...objectives)}`,
    width: 860,
    height: 280,
    layer: [
      {
        data: { values: best },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
        encoding: {
          x: { field: 'index', type: 'quantitative' },
          y: { field: 'best', type: 'quantitative' },
          color: { datum: BEST },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 48, opacity: 0.85 },
        encoding: {
          x: { field: 'index', type: 'quantitative', title: 'evaluation', axis: { tickMinStep: 1, format: 'd' } },
          y: { field: 'objective', type: 'quantitative', title: 'objective', scale: { zero: false } },
          color: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: colours }, legend: { orient: 'bottom', direction: 'horizontal' } },
          shape: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: shapes }, legend: { orient: 'bottom', direction: 'horizontal' } },
        },
      },
    ],
  };
  return vegaLiteToSvg(spec);
}
