import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { runCli } from './program.ts';

const fakeEvaluator = new URL('../test-fixtures/fake_evaluator.mjs', import.meta.url).pathname;
const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** Three candidates whose tensor `w` is a corner of the simplex: a soup's `w` is its weights. */
async function workspace(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'soce-run-'));
  roots.push(root);
  const corners: Record<string, number[]> = { a: [1, 0, 0], b: [0, 1, 0], c: [0, 0, 1] };
  for (const [name, w] of Object.entries(corners)) {
    const data = new Uint8Array(new Float32Array(w).buffer);
    await saveCheckpoint(nodeFileSystem, join(root, name), [{ name: 'w', dtype: 'F32', shape: [3], data }], { config: { model_type: 'toy' } });
  }
  return root;
}

function config(root: string, extra: string, mode = ''): string {
  const file = join(root, 'soce.yaml');
  writeFileSync(
    file,
    [
      'candidates: { a: ./a, b: ./b, c: ./c }',
      'experts: [a, b, c]',
      'search: { strategy: grid, step: 0.1, bounds: { min: 0.1, max: 0.9 } }',
      `evaluator: { command: [node, ${JSON.stringify(fakeEvaluator)}, "{model}", "{out}", ${JSON.stringify(join(root, 'calls.log'))}${mode ? `, ${mode}` : ''}], timeout: 5 }`,
      'out: ./run',
      extra,
    ].join('\n'),
  );
  return file;
}

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false, cwd });
  return { code, out, err };
}

function calls(root: string): string[] {
  const file = join(root, 'calls.log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

describe('soce run', () => {
  test('finds the closed-form best grid point with a real evaluator command, and writes soup, report and journal', async () => {
    const root = await workspace();
    const file = config(root, '');
    const { code, out, err } = await cli(['run', '--config', file, '--format', 'json'], root);
    assert.equal(code, 0, err);
    const summary = JSON.parse(out);
    assert.deepEqual(summary.best.weights, { a: 0.5, b: 0.3, c: 0.2 });
    assert.ok(Math.abs(summary.best.objective - 300) < 1e-6);
    // 36 grid points + the uniform point, then 3 single candidates and the uniform soup of all
    // (= of the experts, taken from the search): SoCE's point is not evaluated twice.
    assert.equal(summary.points.length, 37);
    assert.equal(summary.evaluations, 37 + 3);
    assert.equal(calls(root).length, 40);
    for (const point of summary.points) {
      const sum = Object.values(point.weights as Record<string, number>).reduce((s, w) => s + w, 0);
      assert.ok(Math.abs(sum - 1) < 1e-12);
    }
    for (const name of ['journal.jsonl', 'candidates.jsonl', 'report.html', 'report.json', 'soup/model.safetensors', 'soup/README.md']) {
      assert.ok(existsSync(join(root, 'run', name)), name);
    }
    assert.deepEqual(readdirSync(join(root, 'run', 'soups')), [], 'candidate soups are deleted after evaluation');
    const kinds = summary.comparison.rows.map((r: { kind: string }) => r.kind);
    assert.deepEqual(kinds, ['candidate', 'candidate', 'candidate', 'bestSingle', 'uniformAll', 'uniformExperts', 'soce']);

    // As a run of an earlier soce left it, without markers: it resumes all the same.
    rmSync(join(root, 'run', '.soce-output.json'));
    rmSync(join(root, 'run', 'soup', '.soce-output.json'));
    const again = await cli(['run', '--config', file, '--format', 'json', '--resume'], root);
    assert.equal(again.code, 0, again.err);
    assert.equal(JSON.parse(again.out).evaluations, 0, 'a rerun evaluates nothing');
    assert.equal(calls(root).length, 40);

    // Shapley values of the three candidates: 7 coalition soups, of which the singles and the
    // full set are already in the candidates' journal, so only the 3 pairs are evaluated.
    const shapley = await cli(['shapley', '--config', file, '--format', 'json'], root);
    assert.equal(shapley.code, 0, shapley.err);
    const values = JSON.parse(shapley.out);
    assert.equal(values.method, 'exact');
    assert.equal(calls(root).length, 43);
    const uniform = summary.comparison.rows.find((r: { kind: string }) => r.kind === 'uniformAll').dev;
    const sum = Object.values(values.shapley as Record<string, number>).reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(sum - uniform) < 1e-9, 'efficiency: Σφ = v(N) − v(∅)');
    const report = JSON.parse(readFileSync(join(root, 'run', 'report.json'), 'utf8'));
    assert.deepEqual(report.shapley.values, values.shapley);
    assert.match(readFileSync(join(root, 'run', 'report.html'), 'utf8'), /Shapley/);
  });

  test('an evaluator that fails, writes garbage or hangs is recorded, and the journal stays usable', async () => {
    for (const mode of ['fail', 'garbage']) {
      const root = await workspace();
      const { code, err } = await cli(['run', '--config', config(root, '', mode)], root);
      assert.equal(code, 1);
      assert.match(err, mode === 'fail' ? /exited with 1: fake benchmark: CUDA out of memory/ : /not JSON/);
      assert.match(err, /journal keeps finished work/);
      const journal = readFileSync(join(root, 'run', 'journal.jsonl'), 'utf8').trim().split('\n');
      assert.ok(journal.length > 1);
      for (const line of journal) JSON.parse(line);
    }
  });

  test('a candidate inside out (an earlier soup re-souped with the same out) is refused, and left as it was', async () => {
    const root = await workspace();
    const first = await cli(['merge', '--out', 'run/soup', '--model', 'a:0.5', '--model', 'b:0.5'], root);
    assert.equal(first.code, 0, first.err);
    const soup = readFileSync(join(root, 'run', 'soup', 'model.safetensors'));
    const calls0 = calls(root).length;
    writeFileSync(join(root, 'again.yaml'), [
      'candidates: { a: ./a, b: ./b, previous: ./run/soup }',
      'experts: [a, b, previous]',
      'search: { strategy: grid, step: 0.5, bounds: { min: 0, max: 1 } }',
      `evaluator: { command: [node, ${JSON.stringify(fakeEvaluator)}, "{model}", "{out}", ${JSON.stringify(join(root, 'calls.log'))}] }`,
      'out: ./run',
    ].join('\n'));
    const again = await cli(['run', '--config', 'again.yaml'], root);
    assert.equal(again.code, 2, again.err);
    assert.equal(again.err, `soce: again.yaml: out: ${join(root, 'run')} contains candidate previous (${join(root, 'run', 'soup')}); soce writes its output directory as a whole and may replace it, so give it a new directory of its own, away from the inputs, the working directory and your home directory (such as ./soup)\n`);
    assert.deepEqual(readFileSync(join(root, 'run', 'soup', 'model.safetensors')), soup);
    assert.equal(calls(root).length, calls0, 'nothing was evaluated');

    // The working directory, and an existing directory soce did not write, are refused the same way.
    writeFileSync(join(root, 'here.yaml'), 'candidates: { a: ./a, b: ./b }\nexperts: [a, b]\nevaluator: { command: [x] }\nout: .\n');
    const here = await cli(['run', '--config', 'here.yaml'], root);
    assert.equal(here.code, 2);
    assert.match(here.err, /here\.yaml: out: .* contains candidate a/);
    writeFileSync(join(root, 'theirs.yaml'), 'candidates: { a: ./a, b: ./b }\nexperts: [a, b]\nevaluator: { command: [x] }\nout: ./theirs\n');
    mkdirSync(join(root, 'theirs'));
    writeFileSync(join(root, 'theirs', 'report.html'), 'mine');
    const theirs = await cli(['run', '--config', 'theirs.yaml'], root);
    assert.equal(theirs.code, 2);
    assert.match(theirs.err, /theirs\.yaml: out: .*\/theirs exists and is not a soce run's directory \(it has no \.soce-output\.json and no journal\); soce run writes all over it: give the run a new directory/);
    assert.equal(readFileSync(join(root, 'theirs', 'report.html'), 'utf8'), 'mine');
  });

  test('shapley --config: more than 20 players without a budget is refused before any soup is merged; the number of soups is said first', async () => {
    const root = await workspace();
    const names = Array.from({ length: 25 }, (_, i) => `m${i}`);
    for (const name of names) symlinkSync(join(root, 'a'), join(root, name));
    writeFileSync(join(root, 'many.yaml'), [
      `candidates: { ${names.map((n) => `${n}: ./${n}`).join(', ')} }`,
      'experts: [m0, m1]',
      `evaluator: { command: [node, ${JSON.stringify(fakeEvaluator)}, "{model}", "{out}", ${JSON.stringify(join(root, 'calls.log'))}] }`,
      'out: ./many',
    ].join('\n'));
    const many = await cli(['shapley', '--config', 'many.yaml'], root);
    assert.equal(many.code, 2, many.err);
    assert.match(many.err, /soce: 25 players make 33,554,431 coalition soups, each one merged and evaluated; give a budget \(shapley\.budget, or --budget N\) to sample permutations within N soups, or at most 20 players \(shapley\.players\)\n$/);
    assert.equal(calls(root).length, 0);
    assert.equal(existsSync(join(root, 'many', 'soups')), false, 'no soup was merged');

    const three = await cli(['shapley', '--config', config(root, '')], root);
    assert.equal(three.code, 0, three.err);
    const lines = three.err.split('\n');
    const told = lines.findIndex((line) => line === '[shapley] exact: 7 coalition soups of 3 players');
    const firstSoup = lines.findIndex((line) => line.startsWith('[shapley] ') && line.includes('→'));
    assert.ok(told >= 0 && firstSoup > told, three.err);
  });

  test('bad configs: a clear message, exit 2', async () => {
    const root = await workspace();
    const cases: [string, RegExp][] = [
      ['candidates: { a: ./a, b: ./missing }\nexperts: [a, b]\nevaluator: { command: [x] }\nout: ./o', /candidates\.b: \.\/missing does not exist/],
      ['candidates: { a: ./a, b: ./b }\nexperts: [a, zed]\nevaluator: { command: [x] }\nout: ./o', /"zed" is not among the candidates/],
      ['candidates: { a: ./a, b: ./b }\nexperts: [a, b]\nevaluator: { command: [x] }\nout: ./o\ntua: 0.3', /unknown key "tua"; did you mean .*"tau"\?/],
      ['candidates: { a: ./a, b: ./b }\nexperts: [a, b]\nevaluator: { command: [x] }\nout: ./o\nsearch: { bounds: { min: 0.6 } }', /no point|bounds|above/i],
    ];
    for (const [text, message] of cases) {
      writeFileSync(join(root, 'bad.yaml'), text);
      const { code, err } = await cli(['run', '--config', 'bad.yaml'], root);
      assert.equal(code, 2, `${text}\n${err}`);
      assert.match(err, message);
    }
  });
});
