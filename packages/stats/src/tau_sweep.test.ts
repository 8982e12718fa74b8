import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correlationMatrix } from './correlation_matrix.ts';
import { ScoreTable } from './score_table.ts';
import { DEFAULT_SWEEP } from './tau.ts';
import { tauSweep } from './tau_sweep.ts';

// a and b move together across the five models, c goes its own way.
const table = ScoreTable.create({
  source: 's',
  models: ['p', 'q', 'r', 's', 't'],
  categories: ['a', 'b', 'c'],
  scores: [
    [10, 11, 5],
    [20, 19, 1],
    [30, 32, 4],
    [40, 41, 2],
    [50, 48, 3],
  ],
});
const matrix = correlationMatrix(table);

test('the default sweep visits 0.05 … 0.95, each the double nearest its decimal', () => {
  assert.equal(DEFAULT_SWEEP.length, 19);
  assert.equal(DEFAULT_SWEEP[0], 0.05);
  assert.equal(DEFAULT_SWEEP[2], 0.15);
  assert.equal(DEFAULT_SWEEP[18], 0.95);
});

test('paper mode: L and the experts for each τ', () => {
  // r(a,b) ≈ 0.995, r(a,c) = -0.3, r(b,c) ≈ -0.259 (numpy.corrcoef).
  const points = tauSweep(table, matrix, { taus: [0.25, 0.28, 0.5, 1] });
  assert.deepEqual(points, [
    { tau: 0.25, weak: [], clusters: null, experts: [] },
    { tau: 0.28, weak: ['b', 'c'], clusters: null, experts: ['t', 'p'] },
    { tau: 0.5, weak: ['a', 'b', 'c'], clusters: null, experts: ['t', 'p'] },
    { tau: 1, weak: ['a', 'b', 'c'], clusters: null, experts: ['t', 'p'] },
  ]);
});

test('cluster mode: the clusters and one expert per cluster for each τ', () => {
  // {a,b} to c averages |r| ≈ 0.28: one cluster at τ = 0.25, two at 0.5.
  const points = tauSweep(table, matrix, { mode: 'cluster', taus: [0.25, 0.5] });
  assert.deepEqual(points[0], { tau: 0.25, weak: [], clusters: [['a', 'b', 'c']], experts: ['t'] });
  assert.deepEqual(points[1], { tau: 0.5, weak: ['a', 'b', 'c'], clusters: [['a', 'b'], ['c']], experts: ['t', 'p'] });
});

test('a τ outside [0, 1] in the sweep is refused', () => {
  assert.throws(() => tauSweep(table, matrix, { taus: [0.5, 1.5] }), /tau in the sweep must be a number between 0 and 1/);
});
