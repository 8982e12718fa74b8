/**
 * Synthetic objective landscapes for the search benchmark: per-category scores of a soup as a
 * function of its weights. Each is deterministic (seeded), so the grid optimum is well defined and
 * every run prints the same table.
 */
import { readFileSync } from 'node:fs';
import type { Weights } from '@soce/search';

/** A landscape: per-category scores (0-100 points) of the soup with the given weights. */
export interface Landscape {
  readonly name: string;
  readonly experts: readonly string[];
  readonly scores: (weights: Weights) => Record<string, number>;
}

/** mulberry32: a tiny seeded PRNG, enough for reproducible landscapes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: seeds the per-point noise, so a point always gets the same noise. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A random point of the simplex (normalised exponentials: uniform on the simplex). */
function randomSimplex(random: () => number, n: number): number[] {
  const e = Array.from({ length: n }, () => -Math.log(1 - random()));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/**
 * Smooth and concave: 6 categories, each a concave quadratic peaking (60-90 points) near one
 * common off-centre point of the simplex, with per-expert curvatures (10-80 points per unit
 * squared) and a rotated term (0-40) so that the best direction mixes experts — a ridge that
 * single pair moves must zig-zag along.
 */
export function smoothLandscape(n: number, seed: number): Landscape {
  const random = prng(seed);
  const experts = Array.from({ length: n }, (_, i) => `expert-${i + 1}`);
  const centre = randomSimplex(random, n).map((x) => x ** 1.5);
  const centreSum = centre.reduce((a, b) => a + b, 0);
  const categories = Array.from({ length: 6 }, (_, c) => {
    const raw = centre.map((x) => Math.max(0.01, x / centreSum + 0.2 * (random() - 0.5)));
    const rawSum = raw.reduce((a, b) => a + b, 0);
    return {
      name: `category-${c + 1}`,
      peak: 60 + 30 * random(),
      at: raw.map((x) => x / rawSum),
      curvature: experts.map(() => 10 + 70 * random()),
      direction: experts.map(() => 2 * random() - 1),
      ridge: 40 * random(),
    };
  });
  return {
    name: 'smooth',
    experts,
    scores: (weights) =>
      Object.fromEntries(
        categories.map(({ name, peak, at, curvature, direction, ridge }) => {
          const d = weights.values.map((w, i) => w - (at[i] as number));
          const diagonal = d.reduce((acc, x, i) => acc + (curvature[i] as number) * x * x, 0);
          const along = d.reduce((acc, x, i) => acc + (direction[i] as number) * x, 0);
          return [name, peak - diagonal - ridge * along * along];
        }),
      ),
  };
}

/**
 * The smooth landscape plus noise that is fixed per point (seeded by the point's weights), like
 * the evaluation noise of a benchmark: about ±1 point per category, ±0.4 on the mean.
 */
export function noisyLandscape(n: number, seed: number): Landscape {
  const smooth = smoothLandscape(n, seed);
  return {
    name: 'noisy',
    experts: smooth.experts,
    scores: (weights) => {
      const random = prng(hash(`${seed}:${weights.values.map((w) => w.toFixed(12)).join(',')}`));
      return Object.fromEntries(
        Object.entries(smooth.scores(weights)).map(([category, score]) => [category, score + 2 * (random() - 0.5)]),
      );
    },
  };
}

/** The fields of one CSV line; handles quoted fields (the BFCL table quotes names with commas). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** The BFCL v3 leaf categories (aggregates such as "Live Acc" left out). */
export const BFCL_CATEGORIES: readonly string[] = [
  'Non-Live Simple AST', 'Non-Live Multiple AST', 'Non-Live Parallel AST', 'Non-Live Parallel Multiple AST',
  'Live Simple AST', 'Live Multiple AST', 'Live Parallel AST', 'Live Parallel Multiple AST',
  'Multi Turn Base', 'Multi Turn Miss Func', 'Multi Turn Miss Param', 'Multi Turn Long Context',
  'Relevance Detection', 'Irrelevance Detection',
];

/** The paper's 8B BFCL candidates, in the order the benchmark adds them (3, 4, 5 experts). */
export const BFCL_8B_EXPERTS: readonly string[] = [
  'xLAM-2-8b-fc-r (FC)', 'ToolACE-2-8B (FC)', 'watt-tool-8B (FC)', 'BitAgent-8B', 'CoALM-8B',
];

/** Per-category scores of the named models, read from the BFCL v3 table. */
export function readBfcl(file: URL, models: readonly string[]): Map<string, Record<string, number>> {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const columns = csvFields(head ?? '');
  const table = new Map<string, Record<string, number>>();
  for (const line of lines) {
    const fields = csvFields(line);
    const model = fields[columns.indexOf('Model')] ?? '';
    if (!models.includes(model)) continue;
    table.set(
      model,
      Object.fromEntries(BFCL_CATEGORIES.map((category) => {
        const cell = fields[columns.indexOf(category)] ?? '';
        const value = Number.parseFloat(cell.replace('%', ''));
        if (!Number.isFinite(value)) throw new Error(`${file.pathname}: ${model} has no score for ${category} ('${cell}')`);
        return [category, value];
      })),
    );
  }
  for (const model of models) if (!table.has(model)) throw new Error(`${file.pathname} has no row for ${model}`);
  return table;
}

/**
 * A soup of real BFCL experts. On each category, expert i's share of the soup's behaviour is its
 * weight tilted towards the experts that are good at that category (∝ w_i·exp(0.05·s_i), so a
 * category expert keeps its skill even at a small weight), and mixing costs an interference
 * penalty 4·(1 − Σ w_i²) that favours concentrated soups. Concave enough to have one interior
 * optimum, with the shape the paper reports: a strong generalist plus small specialist weights.
 */
export function bfclLandscape(table: Map<string, Record<string, number>>, experts: readonly string[]): Landscape {
  const tilt = 0.05;
  const interference = 4;
  return {
    name: 'bfcl-8b',
    experts,
    scores: (weights) => {
      const penalty = interference * (1 - weights.values.reduce((acc, w) => acc + w * w, 0));
      return Object.fromEntries(
        BFCL_CATEGORIES.map((category) => {
          const s = experts.map((e) => (table.get(e) as Record<string, number>)[category] as number);
          const gate = weights.values.map((w, i) => w * Math.exp(tilt * (s[i] as number)));
          const total = gate.reduce((a, b) => a + b, 0);
          return [category, gate.reduce((acc, g, i) => acc + (g / total) * (s[i] as number), 0) - penalty];
        }),
      );
    },
  };
}
