import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { runCli } from './program.ts';

const fakeEvaluator = new URL('../test-fixtures/fake_evaluator.mjs', import.meta.url).pathname;
const mainScript = new URL('./main.ts', import.meta.url).pathname;
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

  test('a killed run resumes: no finished evaluation runs again and the soup is the same', async () => {
    const reference = await workspace();
    assert.equal((await cli(['run', '--config', config(reference, ''), '--format', 'json'], reference)).code, 0);
    // The recipe in the soup's metadata names the checkpoints by path: same-length temp roots.
    const soupOf = (root: string) => readFileSync(join(root, 'run', 'soup', 'model.safetensors'), 'latin1').replaceAll(root, '<root>');
    const expected = soupOf(reference);

    const root = await workspace();
    const file = config(root, '');
    let kills = 0;
    for (const delay of [1200, 2500]) {
      const child = spawn(process.execPath, ['--conditions=@soce/source', '--import', 'tsx', mainScript, 'run', '--config', file], { cwd: root, stdio: 'ignore' });
      const closed = new Promise((resolve) => child.once('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        kills += 1;
      }
      await closed;
    }
    const { code, err } = await cli(['run', '--config', file, '--format', 'json'], root);
    assert.equal(code, 0, err);
    const counts = new Map<string, number>();
    for (const line of calls(root)) counts.set(line, (counts.get(line) ?? 0) + 1);
    const repeated = [...counts.values()].filter((n) => n > 1).length;
    // An evaluation in flight when the run is killed did not finish for the journal and is run
    // again; nothing that finished is.
    assert.ok(repeated <= kills, `${repeated} points evaluated twice after ${kills} kill(s)`);
    assert.equal(counts.size, 40);
    assert.equal(soupOf(root), expected);
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
