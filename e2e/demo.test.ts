// `soce demo --budget small` end to end from the built CLI, as a newcomer runs it, plus the same
// library path under Deno. Checks the pipeline's invariants; asserts no particular accuracy.
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
const cli = join(root, 'packages/cli/bin/soce.js');
const work = mkdtempSync(join(tmpdir(), 'soce-demo-e2e-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Entry {
  name: string;
  weights: Record<string, number>;
  dev: number;
  test: number;
  categories: { dev: Record<string, number>; test: Record<string, number> };
}
interface DemoJson {
  table: { candidates: Entry[]; bestSingle: Entry; uniformAll: Entry; uniformExperts: Entry; soce: Entry };
  experts: string[];
  out: string;
  report: string;
  soup: string;
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

describe('soce demo --budget small', () => {
  let demo: DemoJson;
  const out = join(work, 'node');

  before(async () => {
    const { stdout } = await run(process.execPath, [cli, 'demo', '--budget', 'small', '--format', 'json', '--out', out], { maxBuffer: 64 * 2 ** 20 });
    demo = JSON.parse(stdout) as DemoJson;
  });

  test('prints the complete table, recorded here', (t) => {
    const { table } = demo;
    t.diagnostic(`experts: ${demo.experts.join(', ')}`);
    for (const [label, e] of [['bestSingle', table.bestSingle], ['uniformAll', table.uniformAll], ['uniformExperts', table.uniformExperts], ['soce', table.soce]] as const) {
      t.diagnostic(`${label.padEnd(15)} test ${e.test.toFixed(1)}  dev ${e.dev.toFixed(1)}  ${JSON.stringify(e.weights)}`);
    }
    assert.ok(table.candidates.length >= 6, 'at least six fine-tunes');
    for (const e of [...table.candidates, table.bestSingle, table.uniformAll, table.uniformExperts, table.soce]) {
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
  });

  test('the table agrees with the journals', () => {
    const journal = readFileSync(join(out, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const scored = journal.filter((r) => r.type === 'result') as { score?: number; scores: Record<string, number> }[];
    assert.ok(scored.length > 0);
    const best = Math.max(...scored.map((r) => sum(Object.values(r.scores))));
    assert.ok(Math.abs(best - demo.table.soce.dev) < 1e-6, 'SoCE dev total = the best journaled search point');
    const candidates = readFileSync(join(out, 'candidates.jsonl'), 'utf8');
    for (const c of demo.table.candidates) assert.ok(candidates.includes(JSON.stringify(c.categories.dev).slice(1, 20)), `${c.name} dev scores journaled`);
  });

  test('every checkpoint it wrote loads: the candidates and the soup', async () => {
    const dirs = [...readdirSync(join(out, 'candidates')).map((n) => join(out, 'candidates', n)), demo.soup];
    const reference = await loadTensors(nodeFileSystem, dirs[0]!);
    for (const dir of dirs) {
      const tensors = await loadTensors(nodeFileSystem, dir);
      assert.deepEqual([...tensors.keys()].sort(), [...reference.keys()].sort(), dir);
      for (const [name, t] of tensors) assert.deepEqual(t.shape, reference.get(name)!.shape);
      assert.ok(existsSync(join(dir, 'config.json')));
    }
    assert.match(readFileSync(join(demo.soup, 'README.md'), 'utf8'), /soce/);
  });

  test('the report renders in headless Chromium', async () => {
    const check = await screenshotReport(demo.report, join(root, 'tmp/e2e/demo-report.png'));
    for (const chart of ['correlation', 'tau-sweep', 'search-trace', 'weights', 'shapley']) {
      assert.ok(check.names.some((n) => n.includes(chart)), `chart ${chart} in ${check.names.join(', ')}`);
    }
  });

  test('Deno runs the same library path to the same numbers', async () => {
    const deno = join(root, 'node_modules/.bin/deno');
    const { stdout } = await run(
      deno,
      ['run', '--config', join(root, 'deno.json'), '--allow-read', '--allow-write', '--allow-env', join(root, 'packages/mnist-demo/scripts/demo_deno.ts'), join(work, 'deno'), 'small'],
      { maxBuffer: 64 * 2 ** 20, env: { ...process.env, NO_COLOR: '1' } },
    );
    const fromDeno = JSON.parse(stdout) as Pick<DemoJson, 'table' | 'experts'>;
    assert.deepEqual(fromDeno.experts, demo.experts);
    assert.deepEqual(fromDeno.table, demo.table);
  });
});
