import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryJournalStore, type MemoryJournalStore } from '@soce/search';
import { ScoreTable } from '@soce/stats';
import { bf16ToF32, createCpuBackend, f32ToBf16, loadTensors, MemoryFileSystem, saveCheckpoint, type Tensor } from '@soce/tensors';
import { EvaluationError } from './evaluation_error.ts';
import type { CheckpointEvaluator } from './evaluator.ts';
import { RUN_FILES, type PipelineContext, type PipelinePhase } from './pipeline_context.ts';
import type { ComparisonEntry, ReportModel } from './report_model.ts';
import { runPipeline } from './run_pipeline.ts';
import { shapleyStep } from './shapley_step.ts';

// The toy world: candidate j's F32 tensor `w` is the j-th corner of the simplex, so a soup's `w`
// is its weights (rounded to f32), and the evaluator scores a soup by a known function of `w`:
// the best soup of a, b, c is exactly the grid point a .5, b .3, c .2 (objective 400).
const NAMES = ['a', 'b', 'c', 'd'] as const;
const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta'];
const CREATED_AT = '2025-11-20T00:00:00.000Z';

/** Dev scores: category i peaks when w_i hits (0.5, 0.3, 0.2, 0); a world without d has w_3 = 0. */
function devScores(w: readonly number[]): Record<string, number> {
  const target = [0.5, 0.3, 0.2, 0];
  return Object.fromEntries(CATEGORIES.map((c, i) => [c, 100 - 100 * ((w[i] ?? 0) - target[i]!) ** 2]));
}

/** Held-out scores that peak elsewhere (c .5), so choosing weights on them would show. */
function testScores(w: readonly number[]): Record<string, number> {
  const target = [0.2, 0.3, 0.5, 0];
  return Object.fromEntries(CATEGORIES.map((c, i) => [c, 50 - 50 * ((w[i] ?? 0) - target[i]!) ** 2]));
}

const total = (scores: Readonly<Record<string, number>>): number => Object.values(scores).reduce((s, x) => s + x, 0);
const near = (actual: number | null | undefined, expected: number, what: string): void => {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≉ ${expected}`);
};

function f32Values(tensor: Tensor | undefined): number[] {
  assert.ok(tensor !== undefined && tensor.dtype === 'F32');
  const view = new DataView(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  return Array.from({ length: tensor.data.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

/** The soup of the corners with these weights, as the f32 merge computes it (one non-zero term per element). */
const cornerSoup = (weights: readonly number[]): number[] => weights.map((w) => Math.fround(w));

/** A stable name for a soup whatever the session's expert list: its non-zero weights. */
function soupKey(weights: Readonly<Record<string, number>>): string {
  return Object.entries(weights)
    .filter(([, w]) => w > 0)
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([name, w]) => `${name}=${w.toFixed(6)}`)
    .join(' ');
}

interface Call {
  readonly split: 'dev' | 'test';
  readonly key: string;
  readonly phase: PipelinePhase | undefined;
}

/** Candidate checkpoints in memory, journals in memory, and evaluators that log every call. */
async function world(names: readonly string[] = NAMES) {
  const fs = new MemoryFileSystem();
  for (const [j, name] of names.entries()) {
    const corner = names.map((_, i) => (i === j ? 1 : 0));
    await saveCheckpoint(
      fs,
      `/models/${name}`,
      [
        { name: 'w', dtype: 'F32', shape: [names.length], data: new Uint8Array(new Float32Array(corner).buffer) },
        { name: 'h', dtype: 'BF16', shape: [2], data: new Uint8Array(new Uint16Array([f32ToBf16(j + 1), f32ToBf16(-(j + 1) / 4)]).buffer) },
      ],
      { config: { model_type: 'toy' } },
    );
  }
  const journals = new Map<string, MemoryJournalStore>();
  const calls: Call[] = [];
  let phase: PipelinePhase | undefined;
  let failWhen: (w: readonly number[]) => boolean = () => false;
  const scorer = (split: 'dev' | 'test', score: (w: readonly number[]) => Record<string, number>): CheckpointEvaluator => {
    return async (dir, weights) => {
      calls.push({ split, key: soupKey(weights), phase });
      const w = f32Values((await loadTensors(fs, dir)).get('w'));
      if (split === 'dev' && failWhen(w)) throw new EvaluationError(`the evaluator command exited with 137: killed (w = ${w.join(', ')})`);
      return score(w);
    };
  };
  const context = (overrides: Partial<PipelineContext> = {}): PipelineContext => ({
    fs,
    out: '/run',
    candidates: Object.fromEntries(names.map((n) => [n, `/models/${n}`])),
    backend: createCpuBackend(),
    evaluate: scorer('dev', devScores),
    openJournal: (path) => {
      const store = journals.get(path) ?? memoryJournalStore('', path);
      journals.set(path, store);
      return store;
    },
    onProgress: (event) => {
      if (event.type === 'phase') phase = event.phase;
    },
    ...overrides,
  });
  return {
    fs,
    journals,
    calls,
    context,
    evaluateTest: scorer('test', testScores),
    failWhen: (predicate: (w: readonly number[]) => boolean) => {
      failWhen = predicate;
    },
  };
}

/** Scores of the candidates and of a wider population in which a, b and c are the experts of alpha, beta and gamma at τ = 0.3. */
const TABLE = ScoreTable.create({
  source: 'toy-leaderboard.csv',
  models: ['a', 'b', 'c', 'd', 'p1', 'p2', 'p3', 'p4', 'p5'],
  categories: ['alpha', 'beta', 'gamma'],
  scores: [
    [90, 60, 55],
    [62, 88, 58],
    [60, 57, 86],
    [70, 70, 70],
    [50, 65, 40],
    [80, 45, 62],
    [55, 72, 75],
    [66, 50, 52],
    [45, 58, 66],
  ],
});

function row(report: ReportModel, kind: ComparisonEntry['kind'], name?: string): ComparisonEntry {
  const found = report.comparison?.rows.find((r) => r.kind === kind && (name === undefined || r.name === name));
  assert.ok(found !== undefined, `no ${kind} row ${name ?? ''}`);
  return found;
}

function counts(calls: readonly Call[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const call of calls) result.set(`${call.split} ${call.key}`, (result.get(`${call.split} ${call.key}`) ?? 0) + 1);
  return result;
}

describe('runPipeline', () => {
  test('finds the known optimum, writes its files, fills the comparison consistently, and never evaluates a point twice', async () => {
    const { fs, journals, calls, context } = await world();
    const result = await runPipeline(context(), { scores: TABLE, analysis: { tau: 0.3 }, shapley: {}, createdAt: CREATED_AT, title: 'toy' });

    // Analysis → experts → search.
    assert.deepEqual(result.experts, ['a', 'b', 'c']);
    assert.deepEqual(result.analysis?.experts, ['a', 'b', 'c']);
    assert.deepEqual(result.search.best?.point.weights.toRecord(), { a: 0.5, b: 0.3, c: 0.2 });
    near(result.search.best?.score, total(devScores(cornerSoup([0.5, 0.3, 0.2, 0]))), 'best objective');
    assert.equal(result.search.history.length, 37, "the paper's 36 grid points and the uniform point");

    // Files: analysis, report, the soup (and no soup left from the search), the journals.
    const analysis = JSON.parse(await fs.readText('/run/analysis.json'));
    assert.deepEqual(analysis.experts.map((e: { model: string }) => e.model), ['a', 'b', 'c']);
    assert.equal(analysis.tau, 0.3);
    assert.deepEqual(JSON.parse(await fs.readText('/run/report.json')), JSON.parse(JSON.stringify(result.report)));
    const soup = await loadTensors(fs, '/run/soup');
    assert.deepEqual(f32Values(soup.get('w')), cornerSoup([0.5, 0.3, 0.2, 0]));
    const h = soup.get('h')!;
    assert.equal(h.dtype, 'BF16');
    const expectedH = [0, 1].map((i) => {
      const values = [1, 2, 3].map((k) => (i === 0 ? k : -k / 4));
      const acc = [0.5, 0.3, 0.2].reduce((sum, w, j) => Math.fround(sum + Math.fround(Math.fround(w) * values[j]!)), 0);
      return bf16ToF32(f32ToBf16(acc));
    });
    const hView = new DataView(h.data.buffer, h.data.byteOffset, h.data.byteLength);
    assert.deepEqual([0, 1].map((i) => bf16ToF32(hView.getUint16(2 * i, true))), expectedH);
    // The card names the candidates and locates them from the soup.
    assert.match(await fs.readText('/run/soup/README.md'), /\| a \| \.\.\/\.\.\/models\/a \| 0\.5 \|\n\| b \| \.\.\/\.\.\/models\/b \| 0\.3 \|\n\| c \| \.\.\/\.\.\/models\/c \| 0\.2 \|/, 'the recipe in the model card');
    assert.deepEqual(await fs.list('/run/soups'), [], 'every evaluated soup was deleted');
    assert.deepEqual([...journals.keys()].sort(), ['/run/candidates.jsonl', '/run/journal.jsonl']);

    // The comparison table.
    const report = result.report;
    assert.equal(report.title, 'toy');
    assert.equal(report.createdAt, CREATED_AT);
    assert.deepEqual(report.candidates, [...NAMES]);
    assert.deepEqual(report.comparison?.categories, CATEGORIES);
    assert.deepEqual(report.comparison?.rows.map((r) => r.kind), ['candidate', 'candidate', 'candidate', 'candidate', 'bestSingle', 'uniformAll', 'uniformExperts', 'soce']);
    const singles = NAMES.map((name, j) => {
      const entry = row(report, 'candidate', name);
      const corner = NAMES.map((_, i) => (i === j ? 1 : 0));
      assert.deepEqual(entry.weights, { [name]: 1 });
      assert.equal(entry.dev, total(devScores(corner)));
      assert.deepEqual(entry.categories.dev, devScores(corner));
      assert.equal(entry.test, null);
      return entry;
    });
    const bestSingle = row(report, 'bestSingle');
    const top = singles.reduce((a, e) => (e.dev! > a.dev! ? e : a));
    assert.equal(bestSingle.dev, Math.max(...singles.map((e) => e.dev!)));
    assert.equal(bestSingle.name, `best single: ${top.name}`);
    assert.equal(bestSingle.name, 'best single: a');
    assert.deepEqual(bestSingle.weights, top.weights);
    const uniformAll = row(report, 'uniformAll');
    assert.deepEqual(uniformAll.weights, { a: 0.25, b: 0.25, c: 0.25, d: 0.25 });
    assert.equal(uniformAll.dev, total(devScores(cornerSoup([0.25, 0.25, 0.25, 0.25]))));
    const uniformExperts = row(report, 'uniformExperts');
    assert.deepEqual(uniformExperts.weights, { a: 1 / 3, b: 1 / 3, c: 1 / 3 });
    near(uniformExperts.dev, total(devScores(cornerSoup([1 / 3, 1 / 3, 1 / 3, 0]))), 'uniform experts');
    const soce = row(report, 'soce');
    assert.deepEqual(soce.weights, { a: 0.5, b: 0.3, c: 0.2 });
    assert.equal(soce.dev, result.search.best?.score);
    assert.equal(soce.dev, report.search?.best.objective);
    for (const other of [bestSingle, uniformAll, uniformExperts]) assert.ok(soce.dev! > other.dev!, `SoCE beats ${other.name}`);

    // The report's other sections.
    assert.deepEqual(report.analysis?.experts.map((e) => e.model), ['a', 'b', 'c']);
    assert.equal(report.search?.trace.length, 37);
    assert.equal(report.search?.trace.at(-1)?.bestSoFar, soce.dev);
    assert.deepEqual(report.consistency?.before.categories, CATEGORIES);
    assert.equal(report.shapley?.coalitions, 15);
    assert.equal(report.shapley?.standardErrors, undefined, 'exact values have no standard errors');
    const phi = Object.values(report.shapley?.values ?? {});
    near(phi.reduce((s, v) => s + v, 0), uniformAll.dev!, 'efficiency: Σφ = v(N) − v(∅)');

    // Every point evaluated once: 37 by the search; the 4 single candidates and the uniform soup
    // of all by the comparison (the other two soups come from the search); the 9 coalitions
    // Shapley needs beyond those.
    for (const [key, n] of counts(calls)) assert.equal(n, 1, `${key} evaluated ${n} times`);
    assert.deepEqual(
      ['search', 'comparison', 'shapley'].map((phase) => calls.filter((c) => c.phase === phase).length),
      [37, 5, 9],
    );
    assert.ok(calls.every((c) => c.split === 'dev'));

    // A second run over the same journals evaluates nothing and reports the same.
    const before = fs.bytes('/run/soup/model.safetensors');
    calls.length = 0;
    const again = await runPipeline(context(), { scores: TABLE, analysis: { tau: 0.3 }, shapley: {}, createdAt: CREATED_AT, title: 'toy' });
    assert.deepEqual(calls, []);
    assert.deepEqual(again.report, result.report);
    assert.deepEqual(JSON.parse(await fs.readText('/run/report.json')), JSON.parse(JSON.stringify(result.report)));
    assert.deepEqual(fs.bytes('/run/soup/model.safetensors'), before);
  });

  test('a failing evaluation is recorded in the journal and the trace, and the search goes on', async () => {
    const { journals, calls, context, failWhen } = await world();
    failWhen((w) => w[0]! >= 0.75);
    const result = await runPipeline(context(), { experts: ['a', 'b', 'c'], createdAt: CREATED_AT });
    assert.equal(result.analysis, undefined);
    assert.equal(result.report.analysis, undefined);
    assert.deepEqual(result.search.best?.point.weights.toRecord(), { a: 0.5, b: 0.3, c: 0.2 });
    const failed = result.report.search?.trace.filter((p) => p.error !== undefined) ?? [];
    assert.deepEqual(failed.map((p) => p.weights), [{ a: 0.8, b: 0.1, c: 0.1 }]);
    assert.equal(failed[0]?.objective, null);
    assert.match(failed[0]?.error ?? '', /exited with 137: killed/);
    assert.equal(result.report.search?.trace.length, 37);
    const journal = journals.get('/run/journal.jsonl')?.text ?? '';
    assert.equal(journal.match(/"type":"failure"/g)?.length, 1);
    assert.equal(journal.match(/"type":"result"/g)?.length, 36);

    // Candidate a alone fails too: its row has no score and the best single is the best scored one.
    const a = row(result.report, 'candidate', 'a');
    assert.equal(a.dev, null);
    assert.equal(a.categories.dev, null);
    const scored = result.report.comparison!.rows.filter((r) => r.kind === 'candidate' && r.dev !== null);
    assert.equal(row(result.report, 'bestSingle').dev, Math.max(...scored.map((r) => r.dev!)));
    assert.equal(row(result.report, 'bestSingle').name, 'best single: b');

    // The failures are journaled, so a rerun does not call the evaluator for them either.
    calls.length = 0;
    await runPipeline(context(), { experts: ['a', 'b', 'c'], createdAt: CREATED_AT });
    assert.deepEqual(calls, []);
  });

  test('the test split fills `test` for every row and never chooses the weights', async () => {
    const { journals, calls, context, evaluateTest } = await world();
    const result = await runPipeline(context({ evaluateTest }), { experts: ['a', 'b', 'c'], createdAt: CREATED_AT });
    // The test scores peak at c .5; the weights are still the dev optimum.
    assert.deepEqual(result.search.best?.point.weights.toRecord(), { a: 0.5, b: 0.3, c: 0.2 });
    const testCalls = calls.filter((c) => c.split === 'test');
    assert.ok(testCalls.every((c) => c.phase === 'comparison'), 'the test split is evaluated for the comparison only');
    assert.equal(testCalls.length, 7, '4 candidates, the two uniform soups and SoCE');
    const lastSearch = calls.map((c) => c.phase).lastIndexOf('search');
    assert.ok(calls.findIndex((c) => c.split === 'test') > lastSearch, 'the search ended before any test evaluation');
    assert.ok(journals.has('/run/test-journal.jsonl'));
    for (const entry of result.report.comparison!.rows) {
      const w = NAMES.map((n) => entry.weights[n] ?? 0);
      near(entry.test, total(testScores(cornerSoup(w))), `${entry.name} test`);
      assert.deepEqual(Object.keys(entry.categories.test ?? {}), CATEGORIES);
      assert.notEqual(entry.test, entry.dev);
    }
    // On test, SoCE's dev-chosen soup is not the best: only the dev split picked it.
    assert.ok(row(result.report, 'uniformExperts').test! > row(result.report, 'soce').test!);
  });

  test('searchAll runs the same search over every candidate with the same budget, journaled apart, as a row of its own', async () => {
    const { journals, calls, context, evaluateTest } = await world();
    const search = { strategy: 'coordinate', step: 0.1, bounds: { min: 0.1, max: 0.9 } } as const;
    const input = { experts: ['a', 'b', 'c'], search, budget: 12, searchAll: true, createdAt: CREATED_AT };
    const result = await runPipeline(context({ evaluateTest }), input);

    // The same strategy and cap over a, b, c and d, each weight within the same bounds.
    assert.equal(result.search.evaluations, 12);
    assert.equal(result.searchAll?.strategy, 'coordinate');
    assert.deepEqual(result.searchAll?.best?.point.experts, [...NAMES]);
    assert.equal(result.searchAll?.evaluations, 12);
    assert.equal(calls.filter((c) => c.phase === 'ablation').length, 12);
    assert.equal(result.searchAll?.history[0]?.point.key, '1,1,1,1/4', 'coordinate ascent starts at the uniform soup of all');
    assert.ok(journals.has('/run/search-all.jsonl'));
    assert.match(journals.get('/run/search-all.jsonl')?.text ?? '', /"experts":\["a","b","c","d"\]/);

    // Its row sits before SoCE's, with the search's dev score and a test score; d keeps at least
    // 0.1 (the bounds), which costs it against SoCE here.
    assert.deepEqual(result.report.comparison?.rows.slice(-3).map((r) => r.kind), ['uniformExperts', 'searchAll', 'soce']);
    const ablation = row(result.report, 'searchAll');
    assert.deepEqual(ablation.weights, result.searchAll?.best?.point.weights.toRecord());
    assert.ok(Object.values(ablation.weights).every((w) => w >= 0.1 - 1e-12) && Object.keys(ablation.weights).length === 4);
    assert.equal(ablation.dev, result.searchAll?.best?.score);
    near(ablation.test, total(testScores(cornerSoup(NAMES.map((n) => ablation.weights[n] ?? 0)))), 'ablation test');
    assert.ok(ablation.dev! >= row(result.report, 'uniformAll').dev!, 'the ascent starts at the uniform soup of all');
    assert.ok(row(result.report, 'soce').dev! > ablation.dev!);
    for (const [key, n] of counts(calls)) assert.equal(n, 1, `${key} evaluated ${n} times`);

    // A rerun evaluates nothing; when every candidate is an expert the two searches are one.
    calls.length = 0;
    assert.deepEqual((await runPipeline(context({ evaluateTest }), input)).report, result.report);
    assert.deepEqual(calls, []);
    const all = await world();
    const same = await runPipeline(all.context(), { ...input, experts: [...NAMES] });
    assert.equal(same.searchAll, same.search);
    assert.equal(all.calls.filter((c) => c.phase === 'ablation').length, 0);
    assert.ok(!all.journals.has('/run/search-all.jsonl'));
    assert.deepEqual(row(same.report, 'searchAll').weights, row(same.report, 'soce').weights);
  });

  test('with concurrency 2, two soups are evaluated at once, each in its own directory, and the result is the same', async () => {
    const { fs, context } = await world();
    let running = 0;
    let most = 0;
    const dirs = new Set<string>();
    const evaluate: CheckpointEvaluator = async (dir) => {
      running += 1;
      most = Math.max(most, running);
      dirs.add(dir);
      const w = f32Values((await loadTensors(fs, dir)).get('w'));
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      return devScores(w);
    };
    const result = await runPipeline(context({ evaluate, concurrency: 2 }), { experts: ['a', 'b', 'c'], createdAt: CREATED_AT });
    assert.equal(most, 2);
    assert.equal(dirs.size, 37 + 5, 'one soup directory (or candidate) per point');
    assert.deepEqual(result.search.best?.point.weights.toRecord(), { a: 0.5, b: 0.3, c: 0.2 });
    assert.deepEqual(await fs.list('/run/soups'), []);
  });

  test('an aborted run keeps its finished evaluations: the rerun completes them without repeating one', async () => {
    const { calls, context } = await world();
    const controller = new AbortController();
    const evaluate = context().evaluate;
    const interrupted = context({
      signal: controller.signal,
      evaluate: async (dir, weights) => {
        const scores = await evaluate(dir, weights);
        if (calls.length === 12) controller.abort(new Error('interrupted'));
        return scores;
      },
    });
    await assert.rejects(runPipeline(interrupted, { experts: ['a', 'b', 'c'], createdAt: CREATED_AT }), /interrupted/);
    assert.equal(calls.length, 12);
    const resumed = await runPipeline(context(), { experts: ['a', 'b', 'c'], createdAt: CREATED_AT });
    const repeated = [...counts(calls).values()].filter((n) => n > 1).length;
    assert.ok(repeated <= 1, `${repeated} points evaluated twice; only the one in flight at the abort may be`);
    assert.equal(counts(calls).size, 37 + 5);
    assert.deepEqual(resumed.search.best?.point.weights.toRecord(), { a: 0.5, b: 0.3, c: 0.2 });
  });
});

describe('shapleyStep', () => {
  /** φ_i = Σ_{C ⊆ N\{i}} |C|!(n−|C|−1)!/n! · (v(C ∪ {i}) − v(C)), from coalition values by name. */
  function exactShapley(players: readonly string[], v: (coalition: readonly string[]) => number): Record<string, number> {
    const n = players.length;
    const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
    const result: Record<string, number> = {};
    players.forEach((player, i) => {
      const others = players.filter((_, j) => j !== i);
      let phi = 0;
      for (let mask = 0; mask < 2 ** others.length; mask += 1) {
        const coalition = others.filter((_, j) => (mask >> j) & 1);
        const weight = (factorial(coalition.length) * factorial(n - coalition.length - 1)) / factorial(n);
        phi += weight * (v([...coalition, player]) - v(coalition));
      }
      result[player] = phi;
    });
    return result;
  }

  /** v(C): the objective of C's uniform soup, computed from the toy world's closed form. */
  const value = (names: readonly string[]) => (coalition: readonly string[]): number =>
    coalition.length === 0 ? 0 : total(devScores(cornerSoup(names.map((n) => (coalition.includes(n) ? 1 / coalition.length : 0)))));

  test('3 players: exact values from the 7 coalition soups, matching the formula and efficient', async () => {
    const names = ['a', 'b', 'c'];
    const { calls, context } = await world(names);
    const ctx = context();
    const outcome = await shapleyStep(ctx);
    assert.equal(outcome.result.method, 'exact');
    assert.equal(calls.length, 7);
    assert.equal(new Set(calls.map((c) => c.key)).size, 7);
    assert.deepEqual(outcome.view.players, names);
    assert.equal(outcome.view.coalitions, 7);
    assert.equal(outcome.view.standardErrors, undefined);
    const expected = exactShapley(names, value(names));
    for (const name of names) near(outcome.view.values[name], expected[name]!, `φ(${name})`);
    const uniformAll = value(names)(names);
    near(Object.values(outcome.view.values).reduce((s, v) => s + v, 0), uniformAll, 'Σφ = v(uniform soup of all)');

    // The coalition soups are journaled with the comparison's: asking again evaluates nothing.
    calls.length = 0;
    const again = await shapleyStep(ctx);
    assert.deepEqual(calls, []);
    assert.deepEqual(again.view, outcome.view);
  });

  test('a budget below 2^n − 1 samples permutations and reports standard errors', async () => {
    const { calls, context } = await world();
    const budget = 11;
    const outcome = await shapleyStep(context(), { budget, seed: 3 });
    assert.equal(outcome.result.method, 'sampled');
    assert.ok(calls.length <= budget && calls.length > 0);
    assert.equal(outcome.view.coalitions, calls.length);
    assert.deepEqual(Object.keys(outcome.view.standardErrors ?? {}), [...NAMES]);
    for (const se of Object.values(outcome.view.standardErrors ?? {})) assert.ok(se !== null && Number.isFinite(se) && se >= 0, `standard error ${se}`);
    // Sampled estimates telescope along each permutation, so they are efficient too.
    near(Object.values(outcome.view.values).reduce((s, v) => s + v, 0), value(NAMES)(NAMES), 'Σφ = v(N)');
  });

  test('players may be a subset of the candidates: coalitions are soups of the players only', async () => {
    const { calls, context } = await world();
    const outcome = await shapleyStep(context(), { players: ['a', 'd'] });
    assert.deepEqual(calls.map((c) => c.key).sort(), ['a=0.500000 d=0.500000', 'a=1.000000', 'd=1.000000']);
    const v = value(NAMES);
    near(outcome.view.values.a, (v(['a']) + v(['a', 'd']) - v(['d'])) / 2, 'φ(a)');
    near(outcome.view.values.d, (v(['d']) + v(['a', 'd']) - v(['a'])) / 2, 'φ(d)');
  });
});
