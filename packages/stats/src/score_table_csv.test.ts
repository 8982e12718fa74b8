import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseScoreTableCsv } from './score_table_csv.ts';
import { ScoreTableError } from './score_table_error.ts';

const v3Path = new URL('../../../examples/bfcl/bfcl-v3-2025-04-30.csv', import.meta.url);
const v4Path = new URL('../../../examples/bfcl/bfcl-v4-2025-12-16.csv', import.meta.url);
const v3 = readFileSync(v3Path, 'utf8');
const v4 = readFileSync(v4Path, 'utf8');
const TOP = ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection'];

/** Asserts that `run` throws a ScoreTableError whose message matches every pattern. */
function throwsTableError(run: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ScoreTableError, `expected a ScoreTableError, got ${String(error)}`);
    assert.equal(error.name, 'ScoreTableError');
    for (const p of patterns) assert.match(error.message, p);
    return true;
  });
}

test('BFCL v3: the five top-level categories, read as published', () => {
  const table = parseScoreTableCsv(v3, 'bfcl-v3.csv', { categories: TOP });
  assert.deepEqual(table.categories, TOP);
  assert.equal(table.models.length, 121);
  assert.equal(table.models[0], 'xLAM-2-70b-fc-r (FC)');
  assert.equal(table.score('xLAM-2-8b-fc-r (FC)', 'Multi Turn Acc'), 69.12);
  assert.equal(table.score('ToolACE-2-8B (FC)', 'Irrelevance Detection'), 90.11);
  // The last row publishes N/A for most categories.
  assert.equal(table.score('Grok-3-mini-beta (Prompt)', 'Non-Live AST Acc'), null);
  assert.equal(table.score('Grok-3-mini-beta (Prompt)', 'Multi Turn Acc'), 0);
  assert.deepEqual(table.ignoredColumns, []);
});

test('BFCL v3: detection keeps the score columns and says why it left the others out', () => {
  const table = parseScoreTableCsv(v3, 'bfcl-v3.csv');
  assert.equal(table.categories.length, 17);
  assert.ok(table.categories.includes('Multi Turn Miss Param'));
  for (const c of TOP) assert.ok(table.categories.includes(c), c);
  const reasons = Object.fromEntries(table.ignoredColumns.map((c) => [c.column, c.reason]));
  assert.deepEqual(Object.keys(reasons), ['Rank', 'Overall Acc', 'Model Link', 'Cost ($ Per 1k Function Calls)', 'Latency Mean (s)', 'Latency Standard Deviation (s)', 'Latency 95th Percentile (s)', 'Organization', 'License']);
  assert.match(reasons['Rank'] ?? '', /rank/);
  assert.match(reasons['Overall Acc'] ?? '', /aggregate/);
  assert.match(reasons['Latency Mean (s)'] ?? '', /latency/);
  assert.match(reasons['Model Link'] ?? '', /not numeric \(line 2: "https:/);
});

test('BFCL v4: the plain-number Format Sensitivity columns are not taken for percentages', () => {
  const table = parseScoreTableCsv(v4, 'bfcl-v4.csv');
  assert.ok(table.categories.includes('Web Search Acc'));
  assert.ok(table.categories.includes('Memory Acc'));
  assert.ok(!table.categories.some((c) => c.startsWith('Format Sensitivity')));
  const reason = table.ignoredColumns.find((c) => c.column === 'Format Sensitivity Max Delta')?.reason;
  assert.equal(reason, 'plain numbers in a table whose scores are percentages');
});

test('selectors: globs, regular expressions, exact names, in the order given', () => {
  const table = parseScoreTableCsv(v3, 'bfcl-v3.csv', { categories: ['Relevance Detection', '*Acc', '/^Live .*AST$/'] });
  assert.deepEqual(table.categories, [
    'Relevance Detection',
    'Overall Acc',
    'Non-Live AST Acc',
    'Live Acc',
    'Multi Turn Acc',
    'Live Simple AST',
    'Live Multiple AST',
    'Live Parallel AST',
    'Live Parallel Multiple AST',
  ]);
});

test('plain numbers, a named model column, a tab separator, quotes and Windows line ends', () => {
  const text = 'name\tmath\tcode\r\n"a, the first"\t0.5\t0.25\r\nb\t0.75\t\r\n';
  const table = parseScoreTableCsv(text, 't.tsv', { delimiter: '\t' });
  assert.deepEqual(table.models, ['a, the first', 'b']);
  assert.deepEqual(table.categories, ['math', 'code']);
  assert.deepEqual(table.row('b'), [0.75, null]);
  const named = parseScoreTableCsv('Checkpoint,Model,x\nc1,not a score,1\nc2,also not,2\nc3,x,3\n', 'n.csv', { modelColumn: 'Checkpoint' });
  assert.deepEqual(named.models, ['c1', 'c2', 'c3']);
  assert.deepEqual(named.categories, ['x']);
});

test('a record spanning lines is reported at the line it starts on', () => {
  throwsTableError(() => parseScoreTableCsv('Model,a\n"multi\nline",1\nm,oops\n', 'q.csv', { categories: ['a'] }), /q\.csv, line 4, column "a", model "m": "oops" is not a number/);
});

test('every malformed input names the file, the line, the column and the fix', () => {
  throwsTableError(() => parseScoreTableCsv('', 'empty.csv'), /^empty\.csv: the file is empty/);
  throwsTableError(() => parseScoreTableCsv('Model,a,b\n', 'head.csv'), /head\.csv: the table has no rows of scores; add one row per model/);
  throwsTableError(() => parseScoreTableCsv('Name,a\nm,1\nm,2\n', 'dup.csv'), /dup\.csv, line 3, model "m": model "m" already has a row \(line 2\)/);
  throwsTableError(() => parseScoreTableCsv('Model,a,b\nm,1,2\nn,1\n', 'ragged.csv'), /ragged\.csv, line 3: 2 fields but the header has 3/);
  throwsTableError(() => parseScoreTableCsv('Model,a\nm,"1\n', 'quote.csv'), /quote\.csv, line 2: not valid CSV .*Quote Not Closed.*check the quotes/);
  throwsTableError(() => parseScoreTableCsv('Who,a\nm,1\n', 'nomodel.csv'), /nomodel\.csv: no model column: no header is named Model .*"Who", "a"/);
  throwsTableError(() => parseScoreTableCsv('Model,a\nm,1\n', 'm.csv', { modelColumn: 'Modle' }), /column "Modle": no such model column; did you mean "Model"\?/);
  throwsTableError(() => parseScoreTableCsv('Model,a\n,1\n', 'blank.csv'), /blank\.csv, line 2, column "Model": empty model name; name the model or remove the row/);
  throwsTableError(() => parseScoreTableCsv(v3, 'bfcl.csv', { categories: ['Live Accuracy'] }), /bfcl\.csv, column "Live Accuracy": no such category column; did you mean "Live Acc"/);
  throwsTableError(() => parseScoreTableCsv(v3, 'bfcl.csv', { categories: ['Model'] }), /column "Model": this is the model column/);
  throwsTableError(() => parseScoreTableCsv(v3, 'bfcl.csv', { categories: ['Organization'] }), /bfcl\.csv, line 2, column "Organization", model "xLAM-2-70b-fc-r \(FC\)": "Salesforce" is not a number; write a number such as 78\.45/);
  throwsTableError(() => parseScoreTableCsv(v3, 'bfcl.csv', { categories: ['*Score*'] }), /category pattern "\*Score\*" matches no column/);
  throwsTableError(() => parseScoreTableCsv(v3, 'bfcl.csv', { categories: ['/(/'] }), /category pattern \/\(\/ is not a valid regular expression/);
  throwsTableError(() => parseScoreTableCsv('Model,a,a\nm,1,2\n', 'twice.csv', { categories: ['a'] }), /two columns named "a" \(columns 2 and 3\)/);
  throwsTableError(() => parseScoreTableCsv('Model,a,b\nm,x,y\n', 'text.csv'), /text\.csv: no category column found \("a": not numeric \(line 2: "x" is not a number\); "b": .*\); name the score columns as categories/);
  throwsTableError(() => parseScoreTableCsv('Model,a\nm,1\n', 'o.csv', { categories: [] }), /o\.csv: invalid option categories: list at least one category/);
  throwsTableError(() => parseScoreTableCsv('Model,a\nm,1\n', 'o.csv', { delimiter: '::' }), /invalid option delimiter: must be one character/);
});

test('arbitrary text gives a table or a ScoreTableError, never another exception', () => {
  const csvish = fc.array(fc.array(fc.oneof(fc.constantFrom('Model', 'a', '1', '2.5%', 'N/A', '"', '', 'x'), fc.string()), { maxLength: 5 }), { maxLength: 6 }).map((rows) => rows.map((r) => r.join(',')).join('\n'));
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), csvish), fc.option(fc.array(fc.string(), { maxLength: 3 }), { nil: undefined }), (text, categories) => {
      try {
        const table = parseScoreTableCsv(text, 'random.csv', categories === undefined ? {} : { categories });
        assert.ok(table.models.length > 0 && table.categories.length > 0);
      } catch (error) {
        if (!(error instanceof ScoreTableError)) throw error;
        assert.match(error.message, /^random\.csv/);
      }
    }),
    { numRuns: 500 },
  );
});
