import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScoreCell } from './score_cell.ts';

test('percentages and plain numbers keep the scale they are written in', () => {
  assert.deepEqual(parseScoreCell('78.45%'), { kind: 'score', value: 78.45, percent: true });
  assert.deepEqual(parseScoreCell(' 78.45 '), { kind: 'score', value: 78.45, percent: false });
  assert.deepEqual(parseScoreCell('-1.5e2'), { kind: 'score', value: -150, percent: false });
  assert.deepEqual(parseScoreCell('.5 %'), { kind: 'score', value: 0.5, percent: true });
  assert.deepEqual(parseScoreCell(0.25), { kind: 'score', value: 0.25, percent: false });
});

test('the usual spellings of "no score" are missing, not errors', () => {
  for (const cell of ['N/A', 'n/a', 'NA', 'NaN', '', '  ', '-', '—', 'null', null, undefined]) {
    assert.deepEqual(parseScoreCell(cell), { kind: 'missing' }, String(cell));
  }
});

test('anything else is invalid, with a reason', () => {
  const invalid = (cell: unknown): string => {
    const parsed = parseScoreCell(cell);
    assert.equal(parsed.kind, 'invalid', String(cell));
    return parsed.kind === 'invalid' ? parsed.why : '';
  };
  assert.match(invalid('abc'), /"abc" is not a number/);
  assert.match(invalid('1,234.5'), /thousands separator/);
  assert.match(invalid('0x10'), /not a number/);
  assert.match(invalid('Infinity'), /not a number/);
  assert.match(invalid('1e999'), /too large/);
  assert.match(invalid(Number.POSITIVE_INFINITY), /not a finite number/);
  assert.match(invalid(true), /boolean is not a score/);
  assert.match(invalid([1]), /list is not a score/);
});

test('every finite double written out reads back as itself', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), (x, percent) => {
      const parsed = parseScoreCell(`${x}${percent ? '%' : ''}`);
      // String(-0) is "0": compare with === so that -0 and 0 are the same score.
      assert.ok(parsed.kind === 'score' && parsed.value === x && parsed.percent === percent, `${x} read as ${JSON.stringify(parsed)}`);
    }),
  );
});
