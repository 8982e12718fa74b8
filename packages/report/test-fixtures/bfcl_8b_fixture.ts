/**
 * A rendering fixture for the report's tests (unit and e2e): the SoCE paper's BFCL v3 8B setting.
 *
 * Real: the candidates' per-category scores and Overall Acc (examples/bfcl/bfcl-v3-2025-04-30.csv,
 * five top-level categories), the Pearson correlations over the 120 leaderboard models and over
 * the five candidates, the τ sweep and experts derived from them, and the dev totals of the three
 * reference soups (the paper's Table 1). Invented for this fixture only, to exercise every chart:
 * the soups' per-category scores, the test split, the search trace, the correlation after souping
 * and the Shapley values. Not a result; do not quote it.
 */
import type { CorrelationView, ReportModel, TauSweepRow, TracePoint } from '@soce/core';

const XLAM = 'xLAM-2-8b-fc-r (FC)';
const TOOLACE = 'ToolACE-2-8B (FC)';
const WATT = 'watt-tool-8B (FC)';
const BITAGENT = 'BitAgent-8B';
const COALM = 'CoALM-8B';
const CANDIDATES = [XLAM, TOOLACE, WATT, BITAGENT, COALM];
const EXPERTS = [XLAM, TOOLACE, WATT];

const CATEGORIES = ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection'];

/** Builds per-category scores from a row of numbers in `CATEGORIES` order. */
function scores(row: readonly number[]): Record<string, number> {
  return Object.fromEntries(CATEGORIES.map((c, i) => [c, row[i] ?? Number.NaN]));
}

const candidateScores: Record<string, { dev: Record<string, number>; overall: number; test: number }> = {
  [XLAM]: { dev: scores([84.4, 66.9, 69.12, 77.78, 64.34]), overall: 72.04, test: 71.2 },
  [TOOLACE]: { dev: scores([87.58, 80.05, 37.0, 72.22, 90.11]), overall: 68.73, test: 67.9 },
  [WATT]: { dev: scores([86.56, 76.5, 39.38, 83.33, 83.15]), overall: 67.79, test: 66.8 },
  [BITAGENT]: { dev: scores([86.92, 76.14, 38.62, 83.33, 82.38]), overall: 67.49, test: 66.5 },
  [COALM]: { dev: scores([85.25, 72.95, 4.5, 83.33, 85.49]), overall: 54.52, test: 53.6 },
};

const populationCorrelation: CorrelationView = {
  categories: CATEGORIES,
  r: [
    [1, 0.6026, 0.2332, 0.5124, 0.0988],
    [0.6026, 1, 0.4947, 0.1517, 0.6597],
    [0.2332, 0.4947, 1, 0.1051, 0.3496],
    [0.5124, 0.1517, 0.1051, 1, -0.4827],
    [0.0988, 0.6597, 0.3496, -0.4827, 1],
  ],
  n: [
    [120, 120, 120, 120, 120],
    [120, 121, 121, 120, 120],
    [120, 121, 121, 120, 120],
    [120, 120, 120, 120, 120],
    [120, 120, 120, 120, 120],
  ],
};

const fives = CATEGORIES.map(() => CATEGORIES.map(() => 5));

const candidateCorrelation: CorrelationView = {
  categories: CATEGORIES,
  r: [
    [1, 0.9678, -0.209, -0.2457, 0.7884],
    [0.9678, 1, -0.4121, -0.197, 0.9091],
    [-0.209, -0.4121, 1, -0.3656, -0.7486],
    [-0.2457, -0.197, -0.3656, 1, -0.0367],
    [0.7884, 0.9091, -0.7486, -0.0367, 1],
  ],
  n: fives,
};

const soupCorrelation: CorrelationView = {
  categories: CATEGORIES,
  r: [
    [1, 0.91, 0.38, 0.22, 0.71],
    [0.91, 1, 0.29, 0.31, 0.83],
    [0.38, 0.29, 1, 0.12, 0.18],
    [0.22, 0.31, 0.12, 1, null],
    [0.71, 0.83, 0.18, null, 1],
  ],
  n: CATEGORIES.map(() => CATEGORIES.map(() => 37)),
};

/** The sweep of the real correlations: nothing is weak below 0.1, everything from 0.2 on. */
const tauSweep: TauSweepRow[] = Array.from({ length: 19 }, (_, i) => {
  const tau = Math.round((i + 1) * 5) / 100;
  if (tau < 0.1) return { tau, weakCount: 0, experts: [] };
  if (tau < 0.15) return { tau, weakCount: 2, experts: [TOOLACE] };
  if (tau < 0.2) return { tau, weakCount: 4, experts: [TOOLACE, XLAM, WATT] };
  return { tau, weakCount: 5, experts: [TOOLACE, XLAM, WATT] };
});

/** A made-up objective peaking at the paper's weights (xLAM .7, ToolACE .2, watt .1) = 76.50. */
function objective(w: readonly [number, number, number], index: number): number {
  const [a, b, c] = w;
  const distance = (a - 0.7) ** 2 + (b - 0.2) ** 2 + (c - 0.1) ** 2;
  const wiggle = distance === 0 ? 0 : 0.3 * Math.abs(Math.sin(7 * index));
  return Math.round((76.5 - 12 * distance - wiggle) * 100) / 100;
}

/** The paper's grid over three experts (every weight in 0.1…0.8, summing to 1) after the uniform point. */
const gridWeights: (readonly [number, number, number])[] = [
  [1 / 3, 1 / 3, 1 / 3],
  ...Array.from({ length: 8 }, (_, i) => i + 1).flatMap((a) =>
    Array.from({ length: 9 - a }, (_, j) => j + 1)
      .filter((b) => 10 - a - b >= 1)
      .map((b) => [a / 10, b / 10, (10 - a - b) / 10] as const),
  ),
];
const coordinateWeights: (readonly [number, number, number])[] = [
  [0.75, 0.15, 0.1],
  [0.65, 0.25, 0.1],
  [0.7, 0.15, 0.15],
  [0.7, 0.25, 0.05],
  [0.75, 0.2, 0.05],
  [0.65, 0.2, 0.15],
];

const failures: Record<number, string> = {
  9: 'evaluator exited with code 137 (killed: out of memory)',
  23: 'evaluation timed out after 3600 s',
};

const trace: TracePoint[] = [];
let best: number | null = null;
for (const [i, w] of [...gridWeights, ...coordinateWeights].entries()) {
  const index = i + 1;
  const error = failures[index];
  const value = error === undefined ? objective(w, index) : null;
  if (value !== null && (best === null || value > best)) best = value;
  trace.push({
    index,
    weights: { [XLAM]: w[0], [TOOLACE]: w[1], [WATT]: w[2] },
    objective: value,
    bestSoFar: best,
    phase: i < gridWeights.length ? 'grid' : 'coordinate',
    ...(error === undefined ? {} : { error }),
  });
}

const soceWeights = { [XLAM]: 0.7, [TOOLACE]: 0.2, [WATT]: 0.1 };
const soceScores = scores([86.1, 74.8, 71.4, 83.33, 76.9]);
const third = 1 / 3;

/** The report of a SoCE run over the five BFCL v3 8B candidates of the paper's Table 1. */
export const bfcl8bReportModel: ReportModel = {
  title: 'SoCE on BFCL v3 — 8B tool-calling models',
  createdAt: '2025-11-20T14:32:00.000Z',
  tool: 'soce 0.1.0',
  candidates: CANDIDATES,
  analysis: {
    correlation: populationCorrelation,
    method: 'pearson',
    populationSize: 121,
    tau: 0.2,
    mode: 'paper',
    weak: CATEGORIES,
    weakPairs: [
      { categories: ['Non-Live AST Acc', 'Irrelevance Detection'], r: 0.0988, n: 120 },
      { categories: ['Live Acc', 'Relevance Detection'], r: 0.1517, n: 120 },
      { categories: ['Multi Turn Acc', 'Relevance Detection'], r: 0.1051, n: 120 },
    ],
    tauSweep,
    experts: [
      { model: TOOLACE, categories: ['Non-Live AST Acc', 'Live Acc', 'Irrelevance Detection'] },
      { model: XLAM, categories: ['Multi Turn Acc'] },
      { model: WATT, categories: ['Relevance Detection'] },
    ],
  },
  consistency: { before: candidateCorrelation, after: soupCorrelation, meanBefore: 0.045, meanAfter: 0.439 },
  search: {
    strategy: 'grid+coordinate',
    experts: EXPERTS,
    trace,
    best: { weights: soceWeights, objective: 76.5, scores: soceScores },
  },
  shapley: {
    players: CANDIDATES,
    values: { [XLAM]: 19.6, [TOOLACE]: 15.1, [WATT]: 14.8, [BITAGENT]: 13.4, [COALM]: 6.9 },
    standardErrors: { [XLAM]: 0.9, [TOOLACE]: 0.8, [WATT]: 0.8, [BITAGENT]: 0.9, [COALM]: 1.1 },
    coalitions: 26,
  },
  comparison: {
    categories: CATEGORIES,
    rows: [
      ...CANDIDATES.map((name) => {
        const c = candidateScores[name];
        return {
          kind: 'candidate' as const,
          name,
          weights: { [name]: 1 },
          dev: c?.overall ?? null,
          test: c?.test ?? null,
          categories: { dev: c?.dev ?? null, test: null },
        };
      }),
      {
        kind: 'bestSingle',
        name: XLAM,
        weights: { [XLAM]: 1 },
        dev: 72.04,
        test: 71.2,
        categories: { dev: candidateScores[XLAM]?.dev ?? null, test: null },
      },
      {
        kind: 'uniformAll',
        name: 'uniform soup of all candidates',
        weights: Object.fromEntries(CANDIDATES.map((c) => [c, 0.2])),
        dev: 69.8,
        test: 68.9,
        categories: { dev: scores([86.9, 76.8, 41.2, 83.33, 84.2]), test: null },
      },
      {
        kind: 'uniformExperts',
        name: 'uniform soup of the experts',
        weights: Object.fromEntries(EXPERTS.map((c) => [c, third])),
        dev: 74.01,
        test: 73.1,
        categories: { dev: scores([87.2, 77.9, 58.6, 83.33, 80.4]), test: null },
      },
      { kind: 'soce', name: 'SoCE', weights: soceWeights, dev: 76.5, test: 75.4, categories: { dev: soceScores, test: null } },
    ],
  },
};
