import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBfclScores } from './bfcl_scores.ts';
import { EvaluationError } from './evaluation_error.ts';

// Cut from examples/bfcl/bfcl-v3-2025-04-30.csv: the header and rows as BFCL publishes them.
const HEADER =
  'Rank,Overall Acc,Model,Model Link,Cost ($ Per 1k Function Calls),Latency Mean (s),Latency Standard Deviation (s),Latency 95th Percentile (s),Non-Live AST Acc,Non-Live Simple AST,Non-Live Multiple AST,Non-Live Parallel AST,Non-Live Parallel Multiple AST,Live Acc,Live Simple AST,Live Multiple AST,Live Parallel AST,Live Parallel Multiple AST,Multi Turn Acc,Multi Turn Base,Multi Turn Miss Func,Multi Turn Miss Param,Multi Turn Long Context,Relevance Detection,Irrelevance Detection,Organization,License';
const XLAM_8B =
  '4,72.04%,xLAM-2-8b-fc-r (FC),https://huggingface.co/Salesforce/Llama-xLAM-2-8b-fc-r,N/A,16.46,12.05,38.84,84.40%,73.08%,93.50%,87.00%,84.00%,66.90%,74.81%,66.29%,56.25%,50.00%,69.12%,75.00%,71.00%,64.50%,66.00%,77.78%,64.34%,Salesforce,cc-by-nc-4.0';
const XLAM_70B =
  '1,78.45%,xLAM-2-70b-fc-r (FC),https://huggingface.co/Salesforce/Llama-xLAM-2-70b-fc-r,N/A,80.75,56.82,195.16,88.44%,78.25%,94.50%,92.00%,89.00%,72.95%,77.13%,71.13%,68.75%,58.33%,75.00%,77.50%,75.50%,73.00%,74.00%,66.67%,78.91%,Salesforce,cc-by-nc-4.0';
const ONE_ROW = `${HEADER}\n${XLAM_8B}\n`;
const TWO_ROWS = `${HEADER}\n${XLAM_70B}\n${XLAM_8B}\n`;

function fails(text: string, message: RegExp, options: Parameters<typeof parseBfclScores>[2] = {}): void {
  assert.throws(
    () => parseBfclScores(text, 'score/data_overall.csv', options),
    (error: unknown) => error instanceof EvaluationError && /score\/data_overall\.csv/.test(error.message) && message.test(error.message),
  );
}

test("BFCL's one-model score CSV is read as that model's categories, percent signs and non-score columns dropped", () => {
  const scores = parseBfclScores(ONE_ROW, 'score/data_overall.csv');
  assert.equal(scores['Live Acc'], 66.9);
  assert.equal(scores['Multi Turn Acc'], 69.12);
  assert.equal(scores['Relevance Detection'], 77.78);
  assert.equal(scores['Irrelevance Detection'], 64.34);
  assert.equal(scores['Non-Live Simple AST'], 73.08);
  assert.equal(Object.keys(scores).length, 17, 'the 17 accuracy columns beside Overall Acc');
  for (const column of ['Rank', 'Model', 'Model Link', 'Cost ($ Per 1k Function Calls)', 'Latency Mean (s)', 'Organization', 'License', 'Overall Acc']) {
    assert.equal(column in scores, false, column);
  }
});

test('categories select the columns, and N/A cells are left out', () => {
  const top = ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection'];
  assert.deepEqual(parseBfclScores(ONE_ROW, 'score/data_overall.csv', { categories: top }), {
    'Non-Live AST Acc': 84.4,
    'Live Acc': 66.9,
    'Multi Turn Acc': 69.12,
    'Relevance Detection': 77.78,
    'Irrelevance Detection': 64.34,
  });
  const missing = ONE_ROW.replace('66.90%', 'N/A');
  assert.deepEqual(Object.keys(parseBfclScores(missing, 'score/data_overall.csv', { categories: top })), [
    'Non-Live AST Acc',
    'Multi Turn Acc',
    'Relevance Detection',
    'Irrelevance Detection',
  ]);
});

test('a file of several models needs the model, named as BFCL names it', () => {
  fails(TWO_ROWS, /scores 2 models; name the one to read \(xLAM-2-70b-fc-r \(FC\), xLAM-2-8b-fc-r \(FC\)\)/);
  const scores = parseBfclScores(TWO_ROWS, 'score/data_overall.csv', { model: 'xLAM-2-70b-fc-r (FC)', categories: ['Live Acc'] });
  assert.deepEqual(scores, { 'Live Acc': 72.95 });
  fails(TWO_ROWS, /no row for model "xLAM-2-8b-fc-r"; did you mean "xLAM-2-8b-fc-r \(FC\)"\?/, { model: 'xLAM-2-8b-fc-r' });
});

test('a row without any score, or a file that is no score table, is an EvaluationError', () => {
  fails(`${HEADER}\n${XLAM_8B.replace(/\d+\.\d+%/g, 'N/A')}\n`, /model "xLAM-2-8b-fc-r \(FC\)" has no score in any category/, { categories: ['Live Acc', 'Multi Turn Acc'] });
  fails(ONE_ROW, /Live Accuracy/, { categories: ['Live Accuracy'] });
  fails('this is not a CSV of scores', /the table has no rows of scores/);
  fails('', /the file is empty; expected a header line/);
  fails('Model,Live Acc\nxLAM,abc\n', /no category column found \("Live Acc": not numeric \(line 2: "abc" is not a number\)\)/);
});
