import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { runSoce } from '../test-fixtures/soce_cli.ts';
import { fakeEvaluatorYaml } from '../test-fixtures/fake_evaluator_command.ts';

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

function config(root: string, extra: string, modeArgs: readonly string[] = [], evaluatorKeys = ''): string {
  const file = join(root, 'soce.yaml');
  writeFileSync(
    file,
    [
      'candidates: { a: ./a, b: ./b, c: ./c }',
      'experts: [a, b, c]',
      // An extra `search:` replaces this one.
      extra.startsWith('search:') ? '' : 'search: { strategy: grid, step: 0.1, bounds: { min: 0.1, max: 0.9 } }',
      `evaluator: { command: ${fakeEvaluatorYaml(root, modeArgs)}, timeout: 5${evaluatorKeys} }`,
      'out: ./run',
      extra,
    ].join('\n'),
  );
  return file;
}

function calls(root: string): string[] {
  const file = join(root, 'calls.log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

describe('soce run', () => {
  test('finds the closed-form best grid point with a real evaluator command, and writes soup, report and journal', async () => {
    const root = await workspace();
    const file = config(root, '');
    const { code, out, err } = await runSoce(['run', '--config', file, '--format', 'json'], root);
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
    const again = await runSoce(['run', '--config', file, '--format', 'json', '--resume'], root);
    assert.equal(again.code, 0, again.err);
    assert.equal(JSON.parse(again.out).evaluations, 0, 'a rerun evaluates nothing');
    assert.equal(calls(root).length, 40);

    // Shapley values of the three candidates: 7 coalition soups, of which the singles and the
    // full set are already in the candidates' journal, so only the 3 pairs are evaluated.
    const shapley = await runSoce(['shapley', '--config', file, '--format', 'json'], root);
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
      const { code, err } = await runSoce(['run', '--config', config(root, '', [mode])], root);
      assert.equal(code, 1);
      assert.match(err, mode === 'fail' ? /exited with 1: fake benchmark: CUDA out of memory/ : /not JSON/);
      assert.match(err, /journal keeps finished work/);
      const journal = readFileSync(join(root, 'run', 'journal.jsonl'), 'utf8').trim().split('\n');
      assert.ok(journal.length > 1);
      for (const line of journal) JSON.parse(line);
    }
  });

  test('a broken evaluator stops the run after 3 failed evaluations in a row: exit 1, the last log quoted, the journal intact', async () => {
    const root = await workspace();
    const file = config(root, '', ['fail']);
    const { code, err } = await runSoce(['run', '--config', file], root);
    assert.equal(code, 1, err);
    assert.equal(calls(root).length, 3, 'exactly three evaluator commands ran, not the grid\'s 37');
    assert.match(err, /3 evaluations failed in a row \(maxConsecutiveFailures: 3\)/);
    assert.match(err, /exited with 1: fake benchmark: CUDA out of memory/);
    // The last failure's log, quoted line by line: the command, its exit and its stderr.
    assert.match(err, /its log \(\S+\.log\) ends:\n(  \| .*\n)*  \| # exit 1 .*\n(  \| .*\n)*  \| fake benchmark: CUDA out of memory\n/);
    assert.match(err, /journal keeps finished work/);
    const journal = readFileSync(join(root, 'run', 'journal.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(journal.length, 4, 'the header and the three failures');
    assert.deepEqual(journal.slice(1).map((r) => r.type), ['failure', 'failure', 'failure']);

    assert.match(err, /hint: soce run --retry-failed evaluates the failed points again/);

    // A higher limit from soce.yaml: a rerun tries 5 new points (the 3 journaled failures are final).
    const five = await runSoce(['run', '--config', config(root, '', ['fail'], ', maxConsecutiveFailures: 5')], root);
    assert.equal(five.code, 1, five.err);
    assert.match(five.err, /5 evaluations failed in a row \(maxConsecutiveFailures: 5\)/);
    assert.equal(calls(root).length, 8);
    assert.equal(readFileSync(join(root, 'run', 'journal.jsonl'), 'utf8').trim().split('\n').length, 1 + 8);

    // The evaluator fixed, --retry-failed evaluates the 8 failed points again, and the run completes.
    const fixed = await runSoce(['run', '--config', config(root, ''), '--retry-failed', '--format', 'json'], root);
    assert.equal(fixed.code, 0, fixed.err);
    const summary = JSON.parse(fixed.out);
    assert.equal(summary.points.filter((p: { status: string }) => p.status === 'scored').length, 37, 'every grid point scored');
    assert.deepEqual(summary.best.weights, { a: 0.5, b: 0.3, c: 0.2 });
    assert.equal(calls(root).length, 8 + 37 + 3);
  });

  test('the first evaluation must score every configured category: exit 2 naming the missing and the extra ones, nothing journaled', async () => {
    const root = await workspace();
    const { code, err } = await runSoce(['run', '--config', config(root, 'categories: [alpha, beta, delta]')], root);
    assert.equal(code, 2, err);
    assert.equal(calls(root).length, 1, 'one evaluation, then the run stopped');
    assert.match(err, /does not score every one of the configured categories: missing "delta"; it scored, beyond them, "gamma"/);
    const journal = readFileSync(join(root, 'run', 'journal.jsonl'), 'utf8').trim().split('\n');
    assert.equal(journal.length, 1, 'only the header: a fixed rerun evaluates that point again');

    // A score table whose categories the evaluator does not report: the experts were chosen on
    // them, so the check is against them.
    writeFileSync(join(root, 'scores.csv'), ['model,alpha,Beta,gamma', 'a,80,20,31', 'b,20,75,52', 'c,40,41,90', 'x,55,60,40', 'y,61,30,70', 'z,35,50,20'].join('\n'));
    writeFileSync(join(root, 'table.yaml'), [
      'candidates: { a: ./a, b: ./b, c: ./c }',
      'scores: ./scores.csv',
      'tau: 0.9',
      `evaluator: { command: ${fakeEvaluatorYaml(root)} }`,
      'out: ./table-run',
    ].join('\n'));
    const table = await runSoce(['run', '--config', 'table.yaml'], root);
    assert.equal(table.code, 2, table.err);
    assert.match(table.err, /the categories the experts were chosen on \(the score table's\): missing "Beta"; it scored, beyond them, "beta"/);
    assert.equal(calls(root).length, 2);
  });

  test('--dry-run evaluates the first point once, prints the plan and the probe, and the real run reuses the probe', async () => {
    const root = await workspace();
    const file = config(root, 'search: { strategy: grid, step: 0.1, bounds: { min: 0.1, max: 0.9 }, concurrency: 2 }', [], ', env: { CUDA_VISIBLE_DEVICES: "{slot}" }');
    const { code, out, err } = await runSoce(['run', '--config', file, '--dry-run', '--format', 'json'], root);
    assert.equal(code, 0, err);
    assert.equal(calls(root).length, 1, 'exactly one evaluation');
    const dry = JSON.parse(out);
    assert.deepEqual(Object.keys(dry).sort(), ['plan', 'probe']);
    assert.deepEqual(dry.plan.experts, ['a', 'b', 'c']);
    assert.deepEqual(dry.plan.phases.map((p: { phase: string; points: number }) => [p.phase, p.points]), [['search', 37], ['comparison', 5], ['soup', 0]]);
    assert.equal(dry.plan.soupBytes, 12, 'three float32 values');
    assert.equal(dry.plan.concurrency, 2);
    assert.equal(dry.plan.commands.length, 1);
    assert.equal(dry.plan.commands[0].argv[0], 'node');
    assert.match(dry.plan.commands[0].argv[2], /run\/soups\/a\.333_b\.333_c\.333-[0-9a-f]{16}$/, 'the grid starts with the uniform point');
    assert.deepEqual(dry.plan.commands[0].env, { CUDA_VISIBLE_DEVICES: '0' });
    assert.deepEqual(Object.keys(dry.probe.scores).sort(), ['alpha', 'beta', 'gamma']);
    for (const w of Object.values(dry.probe.weights)) assert.ok(Math.abs((w as number) - 1 / 3) < 1e-12);
    assert.equal(dry.probe.cached, false);
    assert.equal(existsSync(join(root, 'run', 'report.json')), false, 'no report: nothing looks like a finished run');
    assert.equal(existsSync(join(root, 'run', 'soup')), false);

    const text = await runSoce(['run', '--config', file, '--dry-run'], root);
    assert.equal(text.code, 0, text.err);
    assert.equal(calls(root).length, 1, 'a second dry run takes the probe from the journal');
    assert.match(text.out, /evaluations per phase:\n  search {6,}37  grid of 37 points/);
    assert.match(text.out, /probe: a 0\.333333, b 0\.333333, c 0\.333333 → objective \S+ \(from the journal\)/);
    assert.match(text.out, /with CUDA_VISIBLE_DEVICES=0/);

    // A broken command: the dry run stops after its one evaluation, quoting the log.
    const brokenRoot = await workspace();
    const broken = await runSoce(['run', '--config', config(brokenRoot, '', ['fail']), '--dry-run'], brokenRoot);
    assert.equal(broken.code, 1, broken.err);
    assert.equal(calls(brokenRoot).length, 1);
    assert.match(broken.err, /the dry run's evaluation \(a 0\.333333, b 0\.333333, c 0\.333333\) failed: the evaluator command exited with 1: fake benchmark: CUDA out of memory .*\nits log \(\S+\) ends:\n(  \| .*\n)*  \| fake benchmark: CUDA out of memory\n/);

    const real = await runSoce(['run', '--config', file, '--format', 'json'], root);
    assert.equal(real.code, 0, real.err);
    assert.equal(JSON.parse(real.out).evaluations, 36 + 3, 'the probe is not evaluated again');
    assert.equal(calls(root).length, 40);
  });

  test('search.concurrency 2: evaluations in flight never share a {slot}, in the arguments or in evaluator.env', async () => {
    const root = await workspace();
    const file = config(root, 'search: { strategy: grid, step: 0.25, bounds: { min: 0.25, max: 0.5 }, concurrency: 2 }', ['slot', 'gpu-{slot}'], ', env: { CUDA_VISIBLE_DEVICES: "{slot}" }');
    const { code, err } = await runSoce(['run', '--config', file], root);
    assert.equal(code, 0, err);
    const records = readFileSync(join(root, 'calls.log.slots'), 'utf8').trim().split('\n').map((line) => {
      const [start, end, arg, env] = line.split(' ');
      return { start: Number(start), end: Number(end), arg, env };
    });
    assert.equal(records.length, calls(root).length);
    assert.ok(records.length >= 4, `${records.length} evaluations`);
    let overlaps = 0;
    for (const [i, x] of records.entries()) {
      assert.ok(x.env === '0' || x.env === '1', `slot ${x.env}`);
      assert.equal(x.arg, `gpu-${x.env}`);
      for (const y of records.slice(i + 1)) {
        if (x.start < y.end && y.start < x.end) {
          overlaps += 1;
          assert.notEqual(x.env, y.env, 'two evaluations in flight shared a slot');
        }
      }
    }
    assert.ok(overlaps >= 1, 'evaluations ran side by side');
  });

  test('a candidate inside out (an earlier soup re-souped with the same out) is refused, and left as it was', async () => {
    const root = await workspace();
    const first = await runSoce(['merge', '--out', 'run/soup', '--model', 'a:0.5', '--model', 'b:0.5'], root);
    assert.equal(first.code, 0, first.err);
    const soup = readFileSync(join(root, 'run', 'soup', 'model.safetensors'));
    const calls0 = calls(root).length;
    writeFileSync(join(root, 'again.yaml'), [
      'candidates: { a: ./a, b: ./b, previous: ./run/soup }',
      'experts: [a, b, previous]',
      'search: { strategy: grid, step: 0.5, bounds: { min: 0, max: 1 } }',
      `evaluator: { command: ${fakeEvaluatorYaml(root)} }`,
      'out: ./run',
    ].join('\n'));
    const again = await runSoce(['run', '--config', 'again.yaml'], root);
    assert.equal(again.code, 2, again.err);
    assert.equal(again.err, `soce: again.yaml: out: ${join(root, 'run')} contains candidate previous (${join(root, 'run', 'soup')}); soce writes its output directory as a whole and may replace it, so give it a new directory of its own, away from the inputs, the working directory and your home directory (such as ./soup)\n`);
    assert.deepEqual(readFileSync(join(root, 'run', 'soup', 'model.safetensors')), soup);
    assert.equal(calls(root).length, calls0, 'nothing was evaluated');

    // The working directory, and an existing directory soce did not write, are refused the same way.
    writeFileSync(join(root, 'here.yaml'), 'candidates: { a: ./a, b: ./b }\nexperts: [a, b]\nevaluator: { command: [x] }\nout: .\n');
    const here = await runSoce(['run', '--config', 'here.yaml'], root);
    assert.equal(here.code, 2);
    assert.match(here.err, /here\.yaml: out: .* contains candidate a/);
    writeFileSync(join(root, 'theirs.yaml'), 'candidates: { a: ./a, b: ./b }\nexperts: [a, b]\nevaluator: { command: [x] }\nout: ./theirs\n');
    mkdirSync(join(root, 'theirs'));
    writeFileSync(join(root, 'theirs', 'report.html'), 'mine');
    const theirs = await runSoce(['run', '--config', 'theirs.yaml'], root);
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
      `evaluator: { command: ${fakeEvaluatorYaml(root)} }`,
      'out: ./many',
    ].join('\n'));
    const many = await runSoce(['shapley', '--config', 'many.yaml'], root);
    assert.equal(many.code, 2, many.err);
    assert.match(many.err, /soce: 25 players make 33,554,431 coalition soups, each one merged and evaluated; give a budget \(shapley\.budget, or --budget N\) to sample permutations within N soups, or at most 20 players \(shapley\.players\)\n$/);
    assert.equal(calls(root).length, 0);
    assert.equal(existsSync(join(root, 'many', 'soups')), false, 'no soup was merged');

    const three = await runSoce(['shapley', '--config', config(root, '')], root);
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
      const { code, err } = await runSoce(['run', '--config', 'bad.yaml'], root);
      assert.equal(code, 2, `${text}\n${err}`);
      assert.match(err, message);
    }
  });
});
