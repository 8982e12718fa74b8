import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JOURNAL_FORMAT, parseJournal, simplexPoint, type SearchIdentity } from '@soce/search';
import { checkIdentity, headerLine, recordLine, tornMarkerLine } from './journal.ts';

const identity: SearchIdentity = {
  experts: ['a', 'b', 'c'],
  objective: { kind: 'sum' },
  strategy: 'grid',
  bounds: { min: [0.1, 0.1, 0.1], max: [0.9, 0.9, 0.9] },
  step: 0.1,
};
const point = simplexPoint(identity.experts, [7, 2, 1], 10);
const result = recordLine({ type: 'result', origin: 'search', point, scores: { x: 1, y: 2 } }, { score: 3, seconds: 1.5, at: '2025-01-01T00:00:00.000Z' });
const failure = recordLine({ type: 'failure', origin: 'points', point, error: 'out of memory' }, { seconds: 2, at: '2025-01-01T00:00:00.000Z' });

test('a journal reads back its header and records', () => {
  const parsed = parseJournal(headerLine(identity) + result + failure, 'j.jsonl');
  assert.deepEqual(parsed.header, identity);
  assert.equal(parsed.records.length, 2);
  const [first, second] = parsed.records;
  assert.equal(first?.type, 'result');
  assert.equal(first?.point.key, '7,2,1/10');
  assert.deepEqual(first?.type === 'result' && first.scores, { x: 1, y: 2 });
  assert.deepEqual(second?.type === 'failure' && [second.origin, second.error], ['points', 'out of memory']);
  assert.equal(parsed.terminated, true);
  assert.equal(parsed.torn, undefined);
  assert.match(headerLine(identity), new RegExp(`"format":"${JOURNAL_FORMAT}"`));
  const line = JSON.parse(result) as Record<string, unknown>;
  assert.deepEqual(line.weights, { a: 0.7, b: 0.2, c: 0.1 }, 'records carry readable weights');
});

test('an empty journal has no header', () => {
  assert.deepEqual(parseJournal('', 'j'), { header: undefined, records: [], torn: undefined, terminated: true });
});

test('a torn last line is reported, not fatal; once acknowledged later reads accept it', () => {
  const cut = headerLine(identity) + result + failure.slice(0, 25);
  const parsed = parseJournal(cut, 'j.jsonl');
  assert.equal(parsed.records.length, 1);
  assert.deepEqual(parsed.torn, { line: 3, fragment: failure.slice(0, 25) });
  assert.equal(parsed.terminated, false);
  const resumed = `${cut}\n${tornMarkerLine(parsed.torn!)}${failure}`;
  const again = parseJournal(resumed, 'j.jsonl');
  assert.equal(again.torn, undefined);
  assert.equal(again.records.length, 2);
});

test('a complete last line missing only its newline is a record, not a tear', () => {
  const parsed = parseJournal(headerLine(identity) + result.trimEnd(), 'j');
  assert.equal(parsed.records.length, 1);
  assert.equal(parsed.torn, undefined);
  assert.equal(parsed.terminated, false);
});

test('damage before the last line is an error naming the file and the line', () => {
  const damaged = headerLine(identity) + '{"type":"res\n' + result;
  assert.throws(() => parseJournal(damaged, 'runs/j.jsonl'), { name: 'JournalError', message: /runs\/j\.jsonl, line 2 is not valid JSON.*delete that line/ });
});

test('foreign lines, early records and second headers are errors', () => {
  assert.throws(() => parseJournal('{"hello":1}\n', 'j'), { name: 'JournalError', message: /j, line 1 is not a record of a soce-search-journal/ });
  assert.throws(() => parseJournal(result, 'j'), { name: 'JournalError', message: /before any header/ });
  assert.throws(() => parseJournal(headerLine(identity) + headerLine(identity), 'j'), { name: 'JournalError', message: /line 2 is a second header/ });
  const wrongSize = result.replace('"numerators":[7,2,1]', '"numerators":[7,3]');
  assert.throws(() => parseJournal(headerLine(identity) + wrongSize, 'j'), { name: 'JournalError', message: /line 2 holds a point that does not fit/ });
});

test('a journal of another search is refused with every difference listed', () => {
  assert.doesNotThrow(() => checkIdentity(identity, { ...identity }, 'j'));
  assert.throws(
    () => checkIdentity(identity, { ...identity, strategy: 'coordinate', minStep: 0.025, start: '1,1,1/3' }, 'j.jsonl'),
    {
      name: 'JournalError',
      message: /j\.jsonl belongs to another search \(strategy is "grid" there but "coordinate" here; minStep is unset there but 0\.025 here; start is unset there but "1,1,1\/3" here\)/,
    },
  );
  assert.throws(() => checkIdentity(identity, { ...identity, objective: { kind: 'mean' } }, 'j'), { message: /objective is \{"kind":"sum"\} there but \{"kind":"mean"\} here/ });
  assert.throws(() => checkIdentity(identity, { ...identity, experts: ['a', 'c', 'b'] }, 'j'), { message: /experts is/ });
});

test('a category may be called anything, __proto__ included: its score survives the journal', () => {
  const header = headerLine({ experts: ['a', 'b'], objective: { kind: 'sum' }, strategy: 'grid', bounds: { min: [0, 0], max: [1, 1] }, step: 0.5 });
  const line = JSON.stringify({ type: 'result', origin: 'points', key: '1,1/2', numerators: [1, 1], denominator: 2, scores: JSON.parse('{"__proto__": 1, "x": 2}') });
  const parsed = parseJournal(`${header}${line}\n`, 'j');
  const record = parsed.records[0];
  assert.ok(record?.type === 'result');
  assert.deepEqual(Object.keys(record.scores), ['__proto__', 'x']);
});
