import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileSystem } from '@soce/tensors';
import { BFCL_TOP_LEVEL, parseBfclScores, readBfclScores, type BfclScoreOptions } from './bfcl_scores.ts';
import { EvaluationError } from './evaluation_error.ts';

// Score directories laid out as BFCL's eval_runner_helper writes them: see test-fixtures/bfcl/README.md.
const FIXTURES = new URL('../test-fixtures/bfcl/', import.meta.url).pathname;

let fs: FileSystem;
before(async () => {
  fs = 'Deno' in globalThis ? (await import('@soce/tensors/deno')).denoFileSystem : (await import('@soce/tensors/node')).nodeFileSystem;
});

/** Reads a fixture directory and collects the notes. */
async function read(dir: string, options: BfclScoreOptions = {}): Promise<{ scores: Record<string, number>; notes: string[] }> {
  const notes: string[] = [];
  const scores = await readBfclScores(fs, `${FIXTURES}${dir}`, { ...options, onNote: (note) => notes.push(note) });
  return { scores, notes };
}

async function fails(dir: string, message: RegExp, options: BfclScoreOptions = {}): Promise<void> {
  await assert.rejects(read(dir, options), (error: unknown) => error instanceof EvaluationError && message.test(error.message));
}

const PAPER = ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection'];

test("v3, one model: the default categories are BFCL's five top-level ones, never an aggregate beside its parts", async () => {
  const { scores, notes } = await read('v3-one-model');
  assert.deepEqual(scores, { 'Non-Live AST Acc': 84.4, 'Live Acc': 66.9, 'Multi Turn Acc': 69.12, 'Relevance Detection': 77.78, 'Irrelevance Detection': 64.34 });
  assert.deepEqual(notes, []);
  assert.deepEqual(Object.keys(scores), PAPER);
  assert.ok(BFCL_TOP_LEVEL.every((c) => c !== 'Overall Acc'));
});

test('configured categories are scored exactly, parts included, and the objective of the five is their sum', async () => {
  const parts = ['Live Simple AST', 'Live Multiple AST', 'Multi Turn Base'];
  assert.deepEqual((await read('v3-one-model', { categories: parts })).scores, { 'Live Simple AST': 74.81, 'Live Multiple AST': 66.29, 'Multi Turn Base': 75 });
  const five = (await read('v3-one-model', { categories: PAPER })).scores;
  assert.equal(Object.values(five).reduce((a, b) => a + b, 0), 84.4 + 66.9 + 69.12 + 77.78 + 64.34);
  assert.deepEqual((await read('v3-one-model', { categories: ['Multi Turn *'] })).scores, {
    'Multi Turn Acc': 69.12,
    'Multi Turn Base': 75,
    'Multi Turn Miss Func': 71,
    'Multi Turn Miss Param': 64.5,
    'Multi Turn Long Context': 66,
  });
  await fails('v3-one-model', /no such category column; did you mean "Live Acc"\?/, { categories: ['Live Accuracy'] });
});

test('two models in one directory: evaluator.model picks the row by the Model column', async () => {
  await fails('v3-two-models', /scores 2 models; name the one to read in evaluator\.model \(xLAM-2-8b-fc-r \(FC\), ToolACE-2-8B \(FC\)\)/);
  assert.deepEqual((await read('v3-two-models', { model: 'ToolACE-2-8B (FC)' })).scores, {
    'Non-Live AST Acc': 87.58,
    'Live Acc': 80.05,
    'Multi Turn Acc': 37,
    'Relevance Detection': 72.22,
    'Irrelevance Detection': 90.11,
  });
  await fails('v3-two-models', /no row for model "ToolACE-2-8B"; did you mean "ToolACE-2-8B \(FC\)"\?/, { model: 'ToolACE-2-8B' });
});

test("v4 (Web Search, Memory, Format Sensitivity): the seven top-level accuracies; format sensitivity and cost are no categories", async () => {
  const { scores } = await read('v4-two-models', { model: 'xLAM-2-8b-fc-r (FC)' });
  assert.deepEqual(scores, {
    'Non-Live AST Acc': 84.58,
    'Live Acc': 67.95,
    'Multi Turn Acc': 70,
    'Web Search Acc': 6.5,
    'Memory Acc': 13.98,
    'Relevance Detection': 87.5,
    'Irrelevance Detection': 63.28,
  });
  await fails('v4-two-models', /column "Model Link", model "xLAM-2-8b-fc-r \(FC\)": "https:\/\/huggingface\.co\/Salesforce\/Llama-xLAM-2-8b-fc-r" is not a number/, { model: 'ToolACE-2-8B (FC)', categories: ['Model Link'] });
});

test('a partial run: an aggregate BFCL computed with missing parts as 0 is replaced by its evaluated parts, and the log says so', async () => {
  const { scores, notes } = await read('v4-partial');
  assert.deepEqual(scores, { 'Non-Live Multiple AST': 93.5, 'Live Simple AST': 75.58, 'Live Multiple AST': 66.57, 'Multi Turn Base': 76 });
  assert.deepEqual(notes, [
    'bfcl: Non-Live AST Acc of xLAM-2-8b-fc-r (FC) is N/A (not evaluated: Non-Live Simple AST, Non-Live Parallel AST, Non-Live Parallel Multiple AST); scored by its evaluated parts (Non-Live Multiple AST)',
    'bfcl: Live Acc of xLAM-2-8b-fc-r (FC) is partial (not evaluated: Live Parallel AST, Live Parallel Multiple AST); scored by its evaluated parts (Live Simple AST, Live Multiple AST)',
    'bfcl: Multi Turn Acc of xLAM-2-8b-fc-r (FC) is partial (not evaluated: Multi Turn Miss Func, Multi Turn Miss Param, Multi Turn Long Context); scored by its evaluated parts (Multi Turn Base)',
    'bfcl: Web Search Acc of xLAM-2-8b-fc-r (FC) is N/A (not evaluated: Web Search Base, Web Search No Snippet); left out',
    'bfcl: Memory Acc of xLAM-2-8b-fc-r (FC) is N/A (not evaluated: Memory KV, Memory Vector, Memory Recursive Summarization); left out',
    'bfcl: Relevance Detection of xLAM-2-8b-fc-r (FC) is N/A; left out',
    'bfcl: Irrelevance Detection of xLAM-2-8b-fc-r (FC) is N/A; left out',
  ]);
  // Configured, a partial aggregate is an error rather than a score that counts missing parts as 0.
  await fails('v4-partial', /"Live Acc" of xLAM-2-8b-fc-r \(FC\) is an aggregate in which BFCL counts its parts Live Parallel AST, Live Parallel Multiple AST as 0: they were not evaluated; run its test categories, or leave it out of categories:/, {
    categories: ['Live Acc'],
  });
  await fails('v4-partial', /"Relevance Detection" of xLAM-2-8b-fc-r \(FC\) is N\/A; run its test categories/, { categories: ['Live Simple AST', 'Relevance Detection'] });
  assert.deepEqual((await read('v4-partial', { categories: ['Live Simple AST', 'Multi Turn Base'] })).scores, { 'Live Simple AST': 75.58, 'Multi Turn Base': 76 });
});

test("v3's Live Acc counts live relevance and irrelevance: data_live.csv tells whether they were evaluated", () => {
  const overall = `Rank,Overall Acc,Model,Live Acc,Live Simple AST,Live Multiple AST,Live Parallel AST,Live Parallel Multiple AST,Relevance Detection,Irrelevance Detection\n1,50.00%,soup (FC),66.90%,74.81%,66.29%,56.25%,50.00%,77.78%,N/A`;
  const live = (irrelevance: string) =>
    `Rank,Model,Live Overall Acc,AST Summary,Python Simple AST,Python Multiple AST,Python Parallel AST,Python Parallel Multiple AST,Irrelevance Detection,Relevance Detection\n1,soup (FC),66.90%,66.51%,74.81%,66.29%,56.25%,50.00%,${irrelevance},77.78%`;
  // The overall Irrelevance Detection is N/A (non-live irrelevance was not run): the live one decides.
  assert.deepEqual(parseBfclScores({ overall, sections: { 'data_live.csv': live('67.46%') } }, 'data_overall.csv'), { 'Live Acc': 66.9, 'Relevance Detection': 77.78 });
  const partial = parseBfclScores({ overall, sections: { 'data_live.csv': live('N/A') } }, 'data_overall.csv');
  assert.deepEqual(partial, { 'Live Simple AST': 74.81, 'Live Multiple AST': 66.29, 'Live Parallel AST': 56.25, 'Live Parallel Multiple AST': 50, 'Relevance Detection': 77.78 });
});

test('a lone copy of data_overall.csv is read too; a directory without it, or a file that is no BFCL table, is an EvaluationError', async () => {
  assert.deepEqual((await readBfclScores(fs, `${FIXTURES}v3-one-model/data_overall.csv`))['Live Acc'], 66.9);
  await fails('v3-one-model/Salesforce_Llama-xLAM-2-8b-fc-r', /no data_overall\.csv in it; is this the score directory of bfcl evaluate \(its --score-dir\)\?/);
  assert.throws(() => parseBfclScores('Model,accuracy\nx,50%\n', 'score.csv'), (e: unknown) => e instanceof EvaluationError && /none of BFCL's score columns .* is in the header/.test(e.message));
  assert.throws(() => parseBfclScores('', 'score.csv'), (e: unknown) => e instanceof EvaluationError);
});
