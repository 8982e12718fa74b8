// `soce demo --budget small` end to end from the built CLI, as a newcomer runs it, the same library
// path under Deno, and a two-seed run. Checks the pipeline's invariants and the structure of the
// analysis (a strict subset of the categories is weak, fewer experts than candidates); records
// every row; asserts no particular accuracy.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { loadTensors } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { screenshotReport } from './chromium.ts';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'packages/cli/bin/soce.cjs');
const work = mkdtempSync(join(tmpdir(), 'soce-demo-e2e-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Entry {
  name: string;
  weights: Record<string, number>;
  dev: number;
  test: number;
  categories: { dev: Record<string, number>; test: Record<string, number> };
}
const ROWS = ['bestSingle', 'uniformAll', 'uniformExperts', 'searchAll', 'soce'] as const;
type Table = { candidates: Entry[] } & Record<(typeof ROWS)[number], Entry>;
interface Analysis {
  categories: string[];
  weak: string[];
  tau: number;
  experts: { model: string; categories: string[] }[];
}
interface DemoJson {
  table: Table;
  analysis: Analysis;
  experts: string[];
  out: string;
  report: string;
  soup: string;
}
interface Statistic {
  values: number[];
  mean: number;
  sd: number;
}
interface SeedsJson {
  seeds: (Omit<DemoJson, 'out'> & { seed: number; out: string })[];
  summary: { seeds: number[]; rows: { row: string; test: Statistic; dev: Statistic; soceVersus?: { wins: number; ties: number; losses: number } }[] };
  out: string;
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const journal = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('soce demo --budget small', () => {
  let demo: DemoJson;
  const out = join(work, 'node');

  before(async () => {
    const { stdout } = await run(process.execPath, [cli, 'demo', '--budget', 'small', '--format', 'json', '--out', out], { maxBuffer: 64 * 2 ** 20 });
    demo = JSON.parse(stdout) as DemoJson;
  });

  test('prints the complete table, recorded here, with the ablation row', (t) => {
    const { table } = demo;
    for (const c of table.candidates) t.diagnostic(`${c.name.padEnd(28)} test ${c.test.toFixed(1)}  dev ${c.dev.toFixed(1)}`);
    for (const label of ROWS) {
      const e = table[label];
      t.diagnostic(`${label.padEnd(28)} test ${e.test.toFixed(1)}  dev ${e.dev.toFixed(1)}  ${JSON.stringify(e.weights)}`);
    }
    assert.ok(table.candidates.length >= 6, 'at least six fine-tunes');
    for (const e of [...table.candidates, ...ROWS.map((r) => table[r])]) {
      assert.ok(Math.abs(sum(Object.values(e.weights)) - 1) < 1e-9, `${e.name}: weights on the simplex`);
      assert.ok(Object.values(e.weights).every((w) => w > 0 && w <= 1));
      assert.ok(Object.keys(e.categories.dev).length >= 5 && Object.keys(e.categories.test).length >= 5, `${e.name}: five or more categories`);
      assert.ok(Math.abs(sum(Object.values(e.categories.test)) - e.test) < 1e-6, `${e.name}: test total is the sum of its categories`);
      assert.ok(Math.abs(sum(Object.values(e.categories.dev)) - e.dev) < 1e-6, `${e.name}: dev total is the sum of its categories`);
    }
    const bestDev = Math.max(...table.candidates.map((c) => c.dev));
    assert.equal(table.bestSingle.dev, bestDev, 'best single is chosen on dev');
    assert.deepEqual(Object.keys(table.soce.weights).sort(), [...demo.experts].sort());
    assert.deepEqual(Object.keys(table.uniformExperts.weights).sort(), [...demo.experts].sort());
    // The ablation searches every candidate, within the same bounds as SoCE's search.
    assert.deepEqual(Object.keys(table.searchAll.weights).sort(), table.candidates.map((c) => c.name).sort());
    assert.ok(Object.values(table.searchAll.weights).every((w) => w >= 0.1 - 1e-9 && w <= 0.9 + 1e-9));
    assert.ok(table.searchAll.dev >= table.uniformAll.dev, 'the ascent starts at the uniform soup of all');
  });

  test('the analysis selects: a strict subset of the categories is weak, and fewer experts than candidates', (t) => {
    const { analysis, table } = demo;
    t.diagnostic(`τ ${analysis.tau}; weak ${analysis.weak.join(', ')} of ${analysis.categories.join(', ')}; experts ${analysis.experts.map((e) => `${e.model} (${e.categories.join(', ')})`).join('; ')}`);
    assert.equal(analysis.categories.length, 6);
    assert.ok(analysis.weak.every((c) => analysis.categories.includes(c)));
    assert.ok(analysis.weak.length >= 2, 'a weak pair at least');
    assert.ok(analysis.weak.length < analysis.categories.length, 'not every category is weak');
    assert.ok(analysis.experts.length >= 2 && analysis.experts.length < table.candidates.length, 'fewer experts than candidates');
    assert.deepEqual(analysis.experts.map((e) => e.model), demo.experts);
    assert.deepEqual(analysis.experts.flatMap((e) => e.categories).sort(), [...analysis.weak].sort(), 'one expert per weak category');
    for (const expert of analysis.experts) {
      for (const category of expert.categories) {
        const best = Math.max(...table.candidates.map((c) => c.categories.dev[category]!));
        assert.equal(table.candidates.find((c) => c.name === expert.model)!.categories.dev[category], best, `${expert.model} leads ${category} on dev`);
      }
    }
  });

  test('the leaderboard it wrote gives soce analyze the same weak categories and experts', async () => {
    const leaderboard = join(out, 'leaderboard.json');
    const names = demo.table.candidates.map((c) => c.name);
    const models = Object.keys((JSON.parse(readFileSync(leaderboard, 'utf8')) as { models: Record<string, unknown> }).models);
    assert.ok(models.length > names.length && names.every((n) => models.includes(n)), 'the candidates and their leaderboard peers');
    const { stdout } = await run(process.execPath, [cli, 'analyze', '--scores', leaderboard, '--candidates', names.join(','), '--tau', String(demo.analysis.tau), '--format', 'json']);
    const analysed = JSON.parse(stdout) as { weak: string[]; experts: { model: string }[]; population: string[] };
    assert.equal(analysed.population.length, models.length);
    assert.deepEqual(analysed.weak, demo.analysis.weak);
    assert.deepEqual(analysed.experts.map((e) => e.model), demo.experts);
  });

  test('the table agrees with the journals: SoCE and the ablation each spent at most the same budget', () => {
    const best = (path: string) => {
      const records = journal(path);
      const header = records.find((r) => r.type === 'header') as { strategy?: string } | undefined;
      const scored = records.filter((r) => r.type === 'result') as { scores: Record<string, number> }[];
      return { strategy: header?.strategy, count: scored.length, best: Math.max(...scored.map((r) => sum(Object.values(r.scores)))) };
    };
    const soce = best(join(out, 'journal.jsonl'));
    const all = best(join(out, 'search-all.jsonl'));
    assert.ok(Math.abs(soce.best - demo.table.soce.dev) < 1e-6, 'SoCE dev total = the best journaled search point');
    assert.ok(Math.abs(all.best - demo.table.searchAll.dev) < 1e-6, 'the ablation dev total = the best point of its journal');
    assert.equal(all.strategy, soce.strategy);
    assert.ok(soce.count > 0 && all.count > 0 && soce.count <= 24 && all.count <= 24, `${soce.count} and ${all.count} evaluations, the small budget's cap is 24`);
    const candidates = readFileSync(join(out, 'candidates.jsonl'), 'utf8');
    for (const c of demo.table.candidates) assert.ok(candidates.includes(JSON.stringify(c.categories.dev).slice(1, 20)), `${c.name} dev scores journaled`);
  });

  test('every checkpoint it wrote loads: the candidates and the soup', async () => {
    const dirs = [...readdirSync(join(out, 'candidates')).map((n) => join(out, 'candidates', n)), demo.soup];
    assert.equal(dirs.length, demo.table.candidates.length + 1, 'the peers are scores only');
    const reference = await loadTensors(nodeFileSystem, dirs[0]!);
    for (const dir of dirs) {
      const tensors = await loadTensors(nodeFileSystem, dir);
      assert.deepEqual([...tensors.keys()].sort(), [...reference.keys()].sort(), dir);
      for (const [name, t] of tensors) assert.deepEqual(t.shape, reference.get(name)!.shape);
      assert.ok(existsSync(join(dir, 'config.json')));
    }
    assert.match(readFileSync(join(demo.soup, 'README.md'), 'utf8'), /soce/);
  });

  test('the report renders in headless Chromium, the ablation row in its table', async () => {
    const check = await screenshotReport(demo.report, join(root, 'tmp/e2e/demo-report.png'));
    for (const chart of ['correlation', 'tau-sweep', 'search-trace', 'weights', 'shapley']) {
      assert.ok(check.names.some((n) => n.includes(chart)), `chart ${chart} in ${check.names.join(', ')}`);
    }
    assert.match(readFileSync(demo.report, 'utf8'), /kind-searchAll[^]*same search over all candidates/);
  });

  test('Deno runs the same library path to the same numbers', async () => {
    const deno = join(root, 'node_modules/.bin/deno');
    const { stdout } = await run(
      deno,
      ['run', '--config', join(root, 'deno.json'), '--allow-read', '--allow-write', '--allow-env', join(root, 'packages/mnist-demo/scripts/demo_deno.ts'), join(work, 'deno'), 'small'],
      { maxBuffer: 64 * 2 ** 20, env: { ...process.env, NO_COLOR: '1' } },
    );
    const fromDeno = JSON.parse(stdout) as Pick<DemoJson, 'table' | 'analysis' | 'experts'>;
    assert.deepEqual(fromDeno.experts, demo.experts);
    assert.deepEqual(fromDeno.analysis, demo.analysis);
    assert.deepEqual(fromDeno.table, demo.table);
  });

  describe('--seeds 1,2', () => {
    let seeds: SeedsJson;
    const multi = join(work, 'seeds');

    before(async () => {
      const { stdout } = await run(process.execPath, [cli, 'demo', '--budget', 'small', '--seeds', '1,2', '--format', 'json', '--out', multi], { maxBuffer: 64 * 2 ** 20 });
      seeds = JSON.parse(stdout) as SeedsJson;
    });

    test('runs each seed in a directory of its own; seed 1 is the single run, bit for bit', (t) => {
      assert.deepEqual(seeds.seeds.map((s) => s.seed), [1, 2]);
      for (const s of seeds.seeds) {
        assert.equal(s.out, join(multi, `seed-${s.seed}`));
        assert.ok(existsSync(join(s.out, 'soce-demo.json')) && existsSync(s.report) && existsSync(join(s.soup, 'model.safetensors')), `seed ${s.seed}'s files`);
        t.diagnostic(`seed ${s.seed}: weak ${s.analysis.weak.join(', ')}; experts ${s.experts.join(', ')}; SoCE test ${s.table.soce.test.toFixed(1)}`);
        assert.ok(s.analysis.weak.length < s.analysis.categories.length && s.experts.length < s.table.candidates.length);
      }
      assert.deepEqual(seeds.seeds[0]!.table, demo.table);
      assert.deepEqual(seeds.seeds[0]!.analysis, demo.analysis);
    });

    test('the summary is the seeds\' tables: mean ± sd of each row and SoCE\'s wins', (t) => {
      const { summary } = seeds;
      assert.deepEqual(summary.seeds, [1, 2]);
      assert.deepEqual(summary.rows.map((r) => r.row), [...ROWS]);
      const soce = seeds.seeds.map((s) => s.table.soce.test);
      for (const row of summary.rows) {
        const tests = seeds.seeds.map((s) => s.table[row.row as (typeof ROWS)[number]].test);
        t.diagnostic(`${row.row.padEnd(15)} test ${row.test.mean.toFixed(1)} ± ${row.test.sd.toFixed(1)}${row.soceVersus ? `; SoCE better on ${row.soceVersus.wins} of 2` : ''}`);
        assert.deepEqual(row.test.values, tests);
        assert.ok(Math.abs(row.test.mean - (tests[0]! + tests[1]!) / 2) < 1e-9);
        assert.ok(Math.abs(row.test.sd - Math.abs(tests[0]! - tests[1]!) / Math.SQRT2) < 1e-9, 'sample sd of two values');
        if (row.row === 'soce') assert.equal(row.soceVersus, undefined);
        else assert.equal(row.soceVersus!.wins, soce.filter((s, i) => s > tests[i]!).length);
      }
      assert.deepEqual(JSON.parse(readFileSync(join(multi, 'summary.json'), 'utf8')), summary);
    });

    test('its report shows the table over the seeds and links each seed\'s report', async () => {
      const page = join(multi, 'report.html');
      const check = await screenshotReport(page, join(root, 'tmp/e2e/demo-seeds-report.png'));
      assert.equal(check.charts, 0);
      const html = readFileSync(page, 'utf8');
      assert.match(html, /same search over all candidates/);
      for (const s of seeds.seeds) assert.ok(html.includes(`href="seed-${s.seed}/report.html"`), `a link to seed ${s.seed}'s report`);
      const soce = seeds.summary.rows.find((r) => r.row === 'soce')!;
      assert.ok(html.includes(`${soce.test.mean.toFixed(1)} ± ${soce.test.sd.toFixed(1)}`));
    });
  });
});
