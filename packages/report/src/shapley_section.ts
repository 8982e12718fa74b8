import type { ShapleyView } from '@soce/core';
import { shapleyBarsSvg } from './charts/shapley_bars.ts';
import { figure } from './figure.ts';
import { html } from './html.ts';
import type { Section } from './section.ts';

/**
 * Shapley values of the candidates in the soup game, the experts highlighted: the paper's check
 * (section 4.2.3) is that SoCE's experts are the players with the highest values.
 */
export async function shapleySection(shapley: ShapleyView, experts: readonly string[]): Promise<Section | null> {
  if (shapley.players.length === 0) return null;
  const svg = await shapleyBarsSvg(shapley, experts);
  const sampled = shapley.standardErrors !== undefined;
  return {
    id: 'shapley',
    title: 'Shapley values',
    body: html`<p>Each candidate’s average marginal contribution to the score of a soup, over coalitions of candidates; ${shapley.coalitions} coalition soups evaluated, values ${sampled ? 'estimated by permutation sampling (bars show ±1 standard error)' : 'exact'}.</p>
${figure('shapley', svg, experts.length ? 'Shapley value per candidate; SoCE’s experts in orange.' : 'Shapley value per candidate.')}`,
  };
}
