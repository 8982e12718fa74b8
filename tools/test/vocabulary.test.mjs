// Each vocabulary of soce (the backend kinds, the dtype names, the strategies…) is written once,
// as an `as const` array its zod schemas, CLI choices and types derive from; so are the version,
// the weight tolerance and the shared types. A second spelling of one, anywhere in the packages'
// sources, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

/** Every vocabulary: its constant, the one file that defines it, its words. */
const VOCABULARIES = [
  { name: 'SOCE_ERROR_KINDS', home: 'packages/common/src/soce_error.ts', words: ['input', 'runtime'] },
  { name: 'BACKEND_KINDS', home: 'packages/tensors/src/select_backend.ts', words: ['auto', 'cpu', 'webgpu'] },
  { name: 'FLOAT_DTYPES', home: 'packages/tensors/src/dtype.ts', words: ['BF16', 'F16', 'F32'] },
  { name: 'FLOAT_DTYPE_NAMES', home: 'packages/tensors/src/dtype.ts', words: ['bf16', 'f16', 'f32'] },
  { name: 'MISSING_TENSOR_POLICIES', home: 'packages/tensors/src/merge_plan.ts', words: ['error', 'merge-present'] },
  { name: 'CORRELATION_METHODS', home: 'packages/stats/src/correlation.ts', words: ['pearson', 'spearman'] },
  { name: 'POPULATIONS', home: 'packages/stats/src/analyze.ts', words: ['all', 'candidates'] },
  { name: 'EXPERT_MODES', home: 'packages/stats/src/expert_mode.ts', words: ['paper', 'cluster'] },
  { name: 'LINKAGES', home: 'packages/stats/src/category_clusters.ts', words: ['average', 'complete'] },
  { name: 'STRATEGIES', home: 'packages/search/src/strategy.ts', words: ['grid', 'coordinate', 'grid+coordinate'] },
  { name: 'OBJECTIVE_NAMES', home: 'packages/search/src/objective.ts', words: ['sum', 'mean'] },
  { name: 'EVALUATION_ORIGINS', home: 'packages/search/src/evaluation.ts', words: ['search', 'points'] },
  { name: 'SCORE_FORMATS', home: 'packages/core/src/evaluator_scores.ts', words: ['json', 'lm-eval', 'bfcl'] },
  { name: 'OUTPUT_FORMATS', home: 'packages/cli/src/output_format.ts', words: ['table', 'json'] },
  { name: 'DEMO_BUDGET_NAMES', home: 'packages/mnist-demo/src/data.ts', words: ['small', 'full'] },
];

/** Constants and types with one definition, and the file that holds it. */
const SINGLE_DEFINITIONS = [
  { pattern: /export const SOCE_VERSION\b/, home: 'packages/common/src/version.ts' },
  { pattern: /export const WEIGHT_SUM_TOLERANCE\b/, home: 'packages/common/src/weight_tolerance.ts' },
  { pattern: /export const TAU_RANGE\b/, home: 'packages/stats/src/tau.ts' },
  { pattern: /export type CategoryScores\b/, home: 'packages/search/src/objective.ts' },
  { pattern: /export type WeightsEvaluator\b/, home: 'packages/search/src/evaluation.ts' },
  { pattern: /export type CheckpointEvaluator\b/, home: 'packages/core/src/evaluator.ts' },
  { pattern: /export function checkMergeJob\b/, home: 'packages/tensors/src/backend.ts' },
  { pattern: /export interface MergeSettings\b/, home: 'packages/tensors/src/merge_settings.ts' },
];

/** The packages' source files (tests, fixtures and build output excluded): `{ file, text }`. */
function sources() {
  return readdirSync(join(root, 'packages'))
    .map((name) => `packages/${name}/src`)
    .filter((dir) => existsSync(join(root, dir)))
    .flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true })
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
        .map((file) => ({ file: `${dir}/${file}`, text: readFileSync(join(root, dir, file), 'utf8') })),
    );
}

const escape = (word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where two different words of `words` stand side by side as string literals (`'a' | 'b'`, `['a', 'b']`). */
function spellings(text, words) {
  const literal = `(['"])(${words.map(escape).join('|')})\\1`;
  const pair = new RegExp(`${literal}\\s*[|,]\\s*(['"])(${words.map(escape).join('|')})\\3`, 'g');
  return [...text.matchAll(pair)].filter((m) => m[2] !== m[4]).map((m) => m[0]);
}

/** Code lines (not comments) naming a version number in a string (`'0.1.0'`, `` `soce 0.1.0` ``). */
function versionLiterals(text) {
  return text.split('\n').filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line) && /['"`][^'"`\n]*\b\d+\.\d+\.\d+\b[^'"`\n]*['"`]/.test(line));
}

test('the check itself finds a second spelling of a vocabulary and a version literal', () => {
  assert.deepEqual(spellings("type B = 'auto' | 'cpu' | 'webgpu';\nconst c = ['cpu', 'auto'];", ['auto', 'cpu', 'webgpu']), ["'auto' | 'cpu'", "'cpu', 'auto'"]);
  assert.deepEqual(spellings("x === 'auto' || y === 'cpu'; z.enum(BACKEND_KINDS)", ['auto', 'cpu', 'webgpu']), []);
  assert.deepEqual(versionLiterals("const tool = 'soce 0.1.0';\nconst n = 0.1;\n * e.g. `soce 0.1.0`"), ["const tool = 'soce 0.1.0';"]);
});

test('each vocabulary is an `as const` array defined in one file', () => {
  for (const { name, home, words } of VOCABULARIES) {
    const text = readFileSync(join(root, home), 'utf8');
    const match = new RegExp(`export const ${name} = \\[([^\\]]*)\\] as const;`).exec(text);
    assert.ok(match, `${home} defines ${name} as an as-const array`);
    assert.deepEqual([...match[1].matchAll(/'([^']*)'/g)].map((m) => m[1]), words, name);
  }
});

test('no vocabulary is spelled out again outside its definition', () => {
  const offences = sources().flatMap(({ file, text }) =>
    VOCABULARIES.filter(({ home }) => home !== file).flatMap(({ name, words }) =>
      spellings(text, words).map((found) => `${file}: ${found} spells out ${name}; import it (or its type) instead`),
    ),
  );
  assert.deepEqual(offences, []);
});

test('the version, the weight tolerance, the τ range and the shared types are defined once', () => {
  const files = sources();
  for (const { pattern, home } of SINGLE_DEFINITIONS) {
    assert.deepEqual(files.filter(({ text }) => pattern.test(text)).map(({ file }) => file), [home], String(pattern));
  }
  const versions = files.filter(({ file }) => file !== 'packages/common/src/version.ts').flatMap(({ file, text }) => versionLiterals(text).map((line) => `${file}: ${line.trim()}`));
  assert.deepEqual(versions, [], 'use SOCE_VERSION or SOCE_TOOL of @soce/common');
  assert.deepEqual(files.filter(({ text }) => /export type (Evaluator|Scores)\b/.test(text)).map(({ file }) => file), [], 'the two evaluators and the scores have one name each');
});

test('one spelling: analyze, never analyse', () => {
  const offences = sources().flatMap(({ file, text }) => text.split('\n').filter((line) => /analys(e|es|ed|ing)\b|analyse[A-Z]/.test(line)).map((line) => `${file}: ${line.trim()}`));
  assert.deepEqual(offences, []);
});

test('every package has the version SOCE_VERSION says', async () => {
  const { SOCE_VERSION } = await import('@soce/common');
  for (const name of readdirSync(join(root, 'packages')).filter((n) => existsSync(join(root, 'packages', n, 'package.json')))) {
    assert.equal(JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')).version, SOCE_VERSION, name);
  }
});
