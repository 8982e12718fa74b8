import type { TopLevelSpec } from 'vega-lite';
import { vegaLiteToSvg } from './vega_lite_svg.ts';

/**
 * The soup's weights as horizontal bars on a fixed 0–1 axis, each labelled with its value, so
 * weights of different runs compare at a glance.
 */
export async function weightsBarsSvg(weights: Readonly<Record<string, number>>): Promise<string> {
  const values = Object.entries(weights).map(([model, weight]) => ({ model, weight }));
  const spec: TopLevelSpec = {
    description: `Soup weights: ${values.map((v) => `${v.model} ${v.weight}`).join(', ')}`,
    width: 420,
    height: { step: 28 },
    data: { values },
    encoding: {
      y: { field: 'model', type: 'nominal', title: null, sort: null, axis: { labelLimit: 260 } },
      x: { field: 'weight', type: 'quantitative', title: 'weight', scale: { domain: [0, 1] } },
    },
    layer: [
      { mark: { type: 'bar', color: '#2a7ab9' } },
      { mark: { type: 'text', align: 'left', dx: 4, color: '#222' }, encoding: { text: { field: 'weight', type: 'quantitative', format: '.2f' } } },
    ],
  };
  return vegaLiteToSvg(spec);
}
