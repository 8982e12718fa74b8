import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCorrelation, formatDelta, formatScore, formatTimestamp, formatWeights } from './format.ts';

test('missing numbers show as a dash, present ones with two decimals', () => {
  assert.equal(formatScore(null), '—');
  assert.equal(formatScore(Number.NaN), '—');
  assert.equal(formatScore(76.5), '76.50');
  assert.equal(formatCorrelation(null), '—');
  assert.equal(formatCorrelation(-0.4827), '−0.48');
  assert.equal(formatScore(-0.001), '0.00', 'no sign on a value that rounds to zero');
});

test('differences carry their sign', () => {
  assert.equal(formatDelta(4.46), '+4.46');
  assert.equal(formatDelta(-1.2), '−1.20');
  assert.equal(formatDelta(0), '+0.00');
  assert.equal(formatDelta(-0.004), '+0.00');
});

test('timestamps read as UTC minutes; an unparsable one is shown as written', () => {
  assert.equal(formatTimestamp('2025-11-20T14:32:59.000Z'), '2025-11-20 14:32 UTC');
  assert.equal(formatTimestamp('2025-11-20T16:32:00+02:00'), '2025-11-20 14:32 UTC');
  assert.equal(formatTimestamp('last Tuesday'), 'last Tuesday');
});

test('weights read heaviest first, or in a given order', () => {
  const w = { b: 0.2, a: 0.7, c: 0.1 };
  assert.equal(formatWeights(w), 'a 0.70, b 0.20, c 0.10');
  assert.equal(formatWeights(w, ['c', 'b', 'a', 'missing']), 'c 0.10, b 0.20, a 0.70');
});
