import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScoreTable, scoreTableFormat } from './parse_score_table.ts';
import { ScoreTableError } from './score_table_error.ts';
import { parseScoreTableJson } from './score_table_json.ts';

function throwsTableError(run: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ScoreTableError, `expected a ScoreTableError, got ${String(error)}`);
    for (const p of patterns) assert.match(error.message, p);
    return true;
  });
}

test('the models layout: every key is a category, absent keys are missing scores', () => {
  const text = JSON.stringify({
    benchmark: 'ignored',
    models: { a: { math: 71.5, code: '60%' }, b: { math: null, code: 55, writing: 'N/A' }, __proto__x: { writing: 1 } },
  });
  const table = parseScoreTableJson(text, 's.json');
  assert.deepEqual(table.models, ['a', 'b', '__proto__x']);
  assert.deepEqual(table.categories, ['math', 'code', 'writing']);
  assert.deepEqual(table.row('a'), [71.5, 60, null]);
  assert.deepEqual(table.row('b'), [null, 55, null]);
  assert.deepEqual(parseScoreTableJson(text, 's.json', { categories: ['code'] }).categories, ['code']);
});

test('a model named __proto__ stays a model', () => {
  const table = parseScoreTableJson('{"models":{"__proto__":{"a":1},"b":{"a":2}}}', 'p.json');
  assert.deepEqual(table.models, ['__proto__', 'b']);
  assert.equal(table.score('__proto__', 'a'), 1);
});

test('the rows layout works like CSV: model column found, categories detected', () => {
  const rows = [
    { Rank: 1, Model: 'a', Overall: '70%', math: '80%', code: '60%', url: 'https://x' },
    { Rank: 2, Model: 'b', Overall: '65%', math: '70%', code: null, url: 'https://y' },
  ];
  const table = parseScoreTableJson(JSON.stringify(rows), 'rows.json');
  assert.deepEqual(table.models, ['a', 'b']);
  assert.deepEqual(table.categories, ['math', 'code']);
  assert.deepEqual(table.ignoredColumns.map((c) => c.column), ['Rank', 'Overall', 'url']);
});

test('JSON errors name the file, the JSON path, the column and the fix', () => {
  throwsTableError(() => parseScoreTableJson('{"models": {', 'bad.json'), /^bad\.json: not valid JSON/);
  throwsTableError(() => parseScoreTableJson('42', 'n.json'), /^n\.json, \$: .*expected \{ "models"/);
  throwsTableError(() => parseScoreTableJson('{"models":{"a":5}}', 'm.json'), /m\.json, \$\["models"\]\["a"\]: /);
  throwsTableError(() => parseScoreTableJson('{"models":{"a":{"x":"high"}}}', 'c.json'), /c\.json, \$\.models\["a"\], column "x", model "a": "high" is not a number/);
  throwsTableError(() => parseScoreTableJson('{"models":{"a":{"x":1e999}}}', 'inf.json'), /column "x", model "a": Infinity is not a finite number/);
  throwsTableError(() => parseScoreTableJson('{"models":{}}', 'e.json'), /e\.json: the table has no rows of scores/);
  throwsTableError(() => parseScoreTableJson('{"models":{" a":{"x":1},"a ":{"x":2}}}', 'd.json'), /model "a" already has a row/);
  throwsTableError(() => parseScoreTableJson('[{"Model":"a","x":1},{"Model":7,"x":2}]', 'r.json'), /r\.json, \$\[1\], column "Model": the model name must be text, not 7/);
  throwsTableError(() => parseScoreTableJson('[1]', 'r.json'), /r\.json, \$\[0\]: .*each row must be an object/);
  throwsTableError(() => parseScoreTableJson('{"models":{"a":{"x":1}}}', 'k.json', { categories: ['y'] }), /k\.json, column "y": no such category column/);
});

test('the format comes from the option, then the extension, then the first character', () => {
  assert.equal(scoreTableFormat('', 'a.JSON'), 'json');
  assert.equal(scoreTableFormat('{}', 'a.tsv'), 'tsv');
  assert.equal(scoreTableFormat('  [', 'scores'), 'json');
  assert.equal(scoreTableFormat('Model,a', 'scores'), 'csv');
  assert.equal(scoreTableFormat('Model,a', 'x.json', 'csv'), 'csv');
  assert.deepEqual(parseScoreTable('Model\tx\nm\t1\n', 's.tsv').row('m'), [1]);
  assert.deepEqual(parseScoreTable('{"models":{"m":{"x":1}}}', '-').row('m'), [1]);
});

test('arbitrary text or JSON values give a table or a ScoreTableError, never another exception', () => {
  const cell = fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.boolean(), fc.constantFrom('50%', 'N/A', '1e999'));
  const models = fc.dictionary(fc.string(), fc.oneof(fc.dictionary(fc.string(), cell), cell)).map((m) => JSON.stringify({ models: m }));
  const rows = fc.array(fc.dictionary(fc.constantFrom('Model', 'name', 'a', 'b', 'Rank', '__proto__'), cell)).map((r) => JSON.stringify(r));
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json(), models, rows), fc.option(fc.array(fc.string(), { maxLength: 2 }), { nil: undefined }), (text, categories) => {
      try {
        const table = parseScoreTableJson(text, 'random.json', categories === undefined ? {} : { categories });
        assert.ok(table.models.length > 0 && table.categories.length > 0);
      } catch (error) {
        if (!(error instanceof ScoreTableError)) throw error;
        assert.match(error.message, /^random\.json/);
      }
    }),
    { numRuns: 500 },
  );
});
