import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  coalitionPoint,
  memoryJournalStore,
  openSearchSession,
  parseJournal,
  searchWeights,
  simplexGrid,
  simplexPoint,
  uniformPoint,
  type CategoryScores,
  type WeightsEvaluator,
  type ProgressEvent,
  type Weights,
} from '@soce/search';

const experts = ['xlam', 'toolace', 'watt'];

/** Two categories peaking at different soups; their sum peaks at 0.6/0.3/0.1. */
function scoresOf(w: Weights): CategoryScores {
  const [a, b, c] = w.values as [number, number, number];
  return {
    live: 80 - 100 * ((a - 0.5) ** 2 + (b - 0.4) ** 2 + (c - 0.1) ** 2),
    multi: 70 - 100 * ((a - 0.7) ** 2 + (b - 0.2) ** 2 + (c - 0.1) ** 2),
  };
}
const total = (w: Weights): number => Object.values(scoresOf(w)).reduce((x, y) => x + y, 0);

/** An evaluator over `scoresOf` counting its calls per point key. */
function countingEvaluator(fail: (key: string) => string | undefined = () => undefined) {
  const calls: string[] = [];
  const evaluator: WeightsEvaluator = async (weights, { point }) => {
    calls.push(point.key);
    const error = fail(point.key);
    if (error !== undefined) throw new Error(error);
    return scoresOf(weights);
  };
  return { calls, evaluator };
}

test('the grid strategy evaluates each of the 37 points once and returns the best', async () => {
  const { calls, evaluator } = countingEvaluator();
  const result = await searchWeights({ experts, evaluator, search: { strategy: 'grid' } });
  assert.equal(result.strategy, 'grid');
  assert.equal(result.stoppedBy, 'complete');
  assert.equal(result.gridSize, 37);
  assert.equal(result.evaluations, 37);
  assert.equal(result.fresh, 37);
  assert.equal(calls.length, 37);
  assert.equal(new Set(calls).size, 37);
  const expected = simplexGrid(experts).reduce((best, p) => (total(p.weights) > total(best.weights) ? p : best));
  assert.equal(result.best?.point.key, expected.key);
  assert.equal(result.best?.point.key, '6,3,1/10');
  assert.equal(result.best?.score, total(expected.weights));
  assert.deepEqual(result.best?.scores, scoresOf(expected.weights));
});

test('grid+coordinate refines the grid optimum below the grid step; coordinate alone needs fewer calls', async () => {
  const both = countingEvaluator();
  const refined = await searchWeights({ experts, evaluator: both.evaluator, search: { strategy: 'grid+coordinate' } });
  const grid = await searchWeights({ experts, evaluator: countingEvaluator().evaluator });
  assert.ok(refined.best!.score >= grid.best!.score);
  assert.equal(refined.stoppedBy, 'converged');
  assert.equal(refined.ascent?.start.key, grid.best?.point.key);
  assert.equal(refined.ascent?.step, 0.025);
  assert.equal(new Set(both.calls).size, both.calls.length, 'no point evaluated twice');
  const coordinate = countingEvaluator();
  const climbed = await searchWeights({ experts, evaluator: coordinate.evaluator, search: { strategy: 'coordinate' } });
  assert.equal(climbed.stoppedBy, 'converged');
  assert.equal(climbed.ascent?.start.key, '1,1,1/3');
  assert.ok(climbed.best!.score >= grid.best!.score - 0.5, `${climbed.best?.score} vs ${grid.best?.score}`);
  assert.ok(coordinate.calls.length < 37, `${coordinate.calls.length} calls`);
});

test('the cache serves repeated points, in one call and across calls', async () => {
  const { calls, evaluator } = countingEvaluator();
  const session = await openSearchSession({ experts, evaluator });
  const p = simplexPoint(experts, [5, 3, 2], 10);
  const q = simplexPoint(experts, [10, 6, 4], 20);
  const first = await session.evaluate([p, q, uniformPoint(experts)]);
  assert.deepEqual(calls, ['5,3,2/10', '1,1,1/3']);
  assert.deepEqual(first.map((e) => e.status === 'scored' && e.cached), [false, true, false]);
  const again = await session.evaluate([q]);
  assert.equal(calls.length, 2);
  assert.equal(again[0]?.status === 'scored' && again[0].cached, true);
  assert.equal(session.evaluations, 2);
  assert.equal(session.lookup(p)?.status, 'scored');
  assert.equal(session.lookup(simplexPoint(experts, [1, 1, 8], 10)), undefined);
});

test('at most `concurrency` evaluations run at once, and that many do', async () => {
  let running = 0;
  let peak = 0;
  const evaluator: WeightsEvaluator = async (weights) => {
    running += 1;
    peak = Math.max(peak, running);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    running -= 1;
    return scoresOf(weights);
  };
  const starts: number[] = [];
  const result = await searchWeights({
    experts,
    evaluator,
    concurrency: 3,
    onProgress: (e) => {
      if (e.type === 'started') starts.push(e.running);
    },
  });
  assert.equal(result.evaluations, 37);
  assert.equal(peak, 3);
  assert.ok(starts.every((r) => r >= 1 && r <= 3));
});

test('a budget caps evaluator calls, says so, and a resumed search continues where it stopped', async () => {
  const journal = memoryJournalStore();
  const first = countingEvaluator();
  const cut = await searchWeights({ experts, evaluator: first.evaluator, journal, budget: 10 });
  assert.equal(cut.stoppedBy, 'budget');
  assert.equal(cut.evaluations, 10);
  assert.equal(first.calls.length, 10);
  assert.equal(cut.history.filter((e) => e.status === 'skipped').length, 27);
  const second = countingEvaluator();
  const more = await searchWeights({ experts, evaluator: second.evaluator, journal, budget: 25 });
  assert.equal(more.stoppedBy, 'budget');
  assert.equal(more.evaluations, 25);
  assert.equal(more.fresh, 15);
  assert.equal(second.calls.filter((k) => first.calls.includes(k)).length, 0, 'a journaled point was evaluated again');
  const rest = await searchWeights({ experts, evaluator: countingEvaluator().evaluator, journal });
  assert.equal(rest.stoppedBy, 'complete');
  assert.equal(rest.evaluations, 37);
  assert.equal(rest.fresh, 12);
  const zero = await searchWeights({ experts, evaluator: countingEvaluator().evaluator, budget: 0 });
  assert.equal(zero.stoppedBy, 'budget');
  assert.equal(zero.best, undefined);
});

test('a failed evaluation is journaled with its message, the search goes on, and resume does not retry it unless asked', async () => {
  const journal = memoryJournalStore();
  const failing = countingEvaluator((key) => (key === '6,3,1/10' ? 'CUDA out of memory' : undefined));
  const result = await searchWeights({ experts, evaluator: failing.evaluator, journal });
  assert.equal(result.stoppedBy, 'complete');
  assert.equal(result.evaluations, 37);
  const failed = result.history.filter((e) => e.status === 'failed');
  assert.deepEqual(failed.map((e) => e.status === 'failed' && [e.point.key, e.error]), [['6,3,1/10', 'CUDA out of memory']]);
  assert.notEqual(result.best?.point.key, '6,3,1/10');
  const line = journal.text.split('\n').find((l) => l.includes('"failure"'));
  assert.match(line ?? '', /"error":"CUDA out of memory"/);

  const resumed = countingEvaluator();
  const again = await searchWeights({ experts, evaluator: resumed.evaluator, journal });
  assert.equal(resumed.calls.length, 0);
  assert.equal(again.best?.point.key, result.best?.point.key);

  const retry = countingEvaluator();
  const retried = await searchWeights({ experts, evaluator: retry.evaluator, journal, retryFailed: true });
  assert.deepEqual(retry.calls, ['6,3,1/10']);
  assert.equal(retried.best?.point.key, '6,3,1/10');
  // The success now recorded wins over the old failure, without retryFailed too.
  const after = countingEvaluator();
  assert.equal((await searchWeights({ experts, evaluator: after.evaluator, journal })).best?.point.key, '6,3,1/10');
  assert.equal(after.calls.length, 0);
});

test('unusable evaluator output is a failed evaluation that says what was wrong', async () => {
  const outputs: unknown[] = [
    { live: 1, multi: Number.NaN },
    [],
    {},
    { live: 1 },
    { live: 1, multi: 2, extra: 3 },
    'fine',
  ];
  let i = 0;
  const session = await openSearchSession({
    experts,
    evaluator: async () => (i++ === 0 ? { live: 1, multi: 2 } : outputs[i - 2]) as CategoryScores,
  });
  const points = [2, 3, 4, 5, 6, 7, 8].map((k) => simplexPoint(experts, [k, 1, 9 - k], 10));
  const results = await session.evaluate(points);
  const errors = results.map((e) => (e.status === 'failed' ? e.error : e.status));
  assert.deepEqual(errors.slice(0, 1), ['scored']);
  assert.match(errors[1] ?? '', /NaN for category 'multi'/);
  assert.match(errors[2] ?? '', /returned an array/);
  assert.match(errors[3] ?? '', /no category scores/);
  assert.match(errors[4] ?? '', /other categories than before \(missing multi\)/);
  assert.match(errors[5] ?? '', /other categories than before \(new extra\)/);
  assert.match(errors[6] ?? '', /returned fine, not per-category scores/);
});

test('objectives: mean, weighted categories (a held-out split) and named custom functions', async () => {
  const run = async (objective: Parameters<typeof searchWeights>[0]['objective']) =>
    searchWeights({ experts, evaluator: countingEvaluator().evaluator, objective });
  assert.equal((await run('mean')).best?.point.key, '6,3,1/10');
  assert.equal((await run('mean')).best?.score, total(simplexPoint(experts, [6, 3, 1], 10).weights) / 2);
  assert.equal((await run({ weights: { multi: 1 } })).best?.point.key, '7,2,1/10');
  assert.equal((await run({ weights: { live: 1 } })).best?.point.key, '5,4,1/10');
  assert.equal((await run({ name: 'live-minus-multi', score: (s) => (s.live ?? 0) - (s.multi ?? 0) })).best?.point.key !== undefined, true);
  const missing = await run({ weights: { live: 1, relevance: 2 } });
  assert.equal(missing.best, undefined);
  assert.match(missing.history[0]?.status === 'failed' ? missing.history[0].error : '', /objective: .*'relevance', which the evaluation did not score/);
  await assert.rejects(run({ name: '', score: () => 1 }), { name: 'SearchOptionsError', message: /custom objective needs a name/ });
  await assert.rejects(run({ weights: { live: -1 } }), { name: 'SearchOptionsError', message: /^objective:\n  weights\.live: category weights must be >= 0\n/ });
  await assert.rejects(run('median' as 'sum'), { name: 'SearchOptionsError', message: /none of 'sum', 'mean'/ });
});

test('bad options are typed errors naming the option', async () => {
  const { evaluator } = countingEvaluator();
  await assert.rejects(openSearchSession({ experts, evaluator, concurrency: 0 }), { name: 'SearchOptionsError', message: /^options: concurrency: / });
  await assert.rejects(searchWeights({ experts, evaluator, budget: -1 }), { name: 'SearchOptionsError', message: /^search options: budget: / });
  await assert.rejects(openSearchSession({ experts, evaluator, search: { strategy: 'grid', start: uniformPoint(experts) } }), { name: 'SearchOptionsError', message: /start applies to strategy 'coordinate'/ });
  await assert.rejects(openSearchSession({ experts, evaluator, search: { strategy: 'grid', minStep: 0.01 } }), { name: 'SearchOptionsError', message: /minStep applies/ });
  await assert.rejects(openSearchSession({ experts, evaluator, search: { strategy: 'annealing' as 'grid' } }), { name: 'SearchOptionsError', message: /strategy 'annealing'/ });
  await assert.rejects(
    openSearchSession({ experts, evaluator, search: { strategy: 'coordinate', bounds: { perExpert: { xlam: { min: 0.5 } } } } }),
    { name: 'SearchOptionsError', message: /uniform start point gives expert 'xlam' weight 0.333.*outside its bounds \[0.5, 0.9\]/ },
  );
  await assert.rejects(openSearchSession({ experts, evaluator, search: { step: 0.3 } }), { name: 'GridError' });
  await assert.rejects(openSearchSession({ experts: ['a', 'a'], evaluator }), { name: 'WeightsError' });
  const session = await openSearchSession({ experts, evaluator });
  await assert.rejects(session.evaluate([uniformPoint(['a', 'b', 'c'])]), { name: 'WeightsError', message: /point #1 is not an exact point over the experts xlam, toolace, watt/ });
});

test('a journal of another search is refused', async () => {
  const journal = memoryJournalStore('', 'runs/8b.jsonl');
  await searchWeights({ experts, evaluator: countingEvaluator().evaluator, journal, budget: 3 });
  await assert.rejects(
    searchWeights({ experts, evaluator: countingEvaluator().evaluator, journal, search: { strategy: 'coordinate' } }),
    { name: 'JournalError', message: /runs\/8b\.jsonl belongs to another search \(strategy is "grid" there but "coordinate" here/ },
  );
  await assert.rejects(searchWeights({ experts, evaluator: countingEvaluator().evaluator, journal, objective: 'mean' }), { name: 'JournalError', message: /objective/ });
  await assert.rejects(searchWeights({ experts: ['xlam', 'watt', 'toolace'], evaluator: countingEvaluator().evaluator, journal }), { name: 'JournalError', message: /experts/ });
});

test('a torn last line is tolerated, reported and acknowledged; nothing finished is evaluated again', async () => {
  const full = memoryJournalStore();
  await searchWeights({ experts, evaluator: countingEvaluator().evaluator, journal: full, budget: 12 });
  const lines = full.text.split('\n');
  const text = `${lines.slice(0, 9).join('\n')}\n${(lines[9] ?? '').slice(0, 40)}`;
  const journal = memoryJournalStore(text);
  const events: ProgressEvent[] = [];
  const finished = parseJournal(text, 'j').records.map((r) => r.point.key);
  const { calls, evaluator } = countingEvaluator();
  const session = await openSearchSession({ experts, evaluator, journal, onProgress: (e) => events.push(e) });
  assert.deepEqual(session.torn, { line: 10, fragment: (lines[9] ?? '').slice(0, 40) });
  assert.deepEqual(events[0], { type: 'journal', name: 'in-memory journal', evaluations: 8, torn: session.torn });
  const result = await session.search();
  assert.equal(result.stoppedBy, 'complete');
  assert.equal(calls.length, 37 - 8);
  assert.ok(calls.every((k) => !finished.includes(k)));
  const reopened = await openSearchSession({ experts, evaluator, journal });
  assert.equal(reopened.torn, undefined);
  assert.equal(reopened.evaluations, 37);
});

test('coalition soups (zero weights, outside the bounds) share the cache and journal of the search', async () => {
  const journal = memoryJournalStore();
  const { calls, evaluator } = countingEvaluator();
  const session = await openSearchSession({ experts, evaluator, journal });
  await session.search();
  assert.equal(calls.length, 37);
  const coalitions = [['xlam'], ['toolace'], ['watt'], ['xlam', 'toolace'], ['xlam', 'watt'], ['toolace', 'watt'], experts].map((c) => coalitionPoint(experts, c));
  const plans: ProgressEvent[] = [];
  const values = await (await openSearchSession({ experts, evaluator, journal, onProgress: (e) => plans.push(e) })).evaluate(coalitions);
  assert.equal(calls.length, 37 + 6, 'the full coalition is the uniform point, already evaluated');
  assert.deepEqual(plans.find((e) => e.type === 'plan'), { type: 'plan', phase: 'points', points: 7, cached: 1 });
  assert.deepEqual(values.map((v) => v.status), Array(7).fill('scored'));
  assert.equal(values[0]?.status === 'scored' && values[0].score, total(coalitions[0]!.weights));
  assert.equal(journal.text.split('\n').filter((l) => l.includes('"origin":"points"')).length, 6);
  // Resumed: nothing is evaluated again, and the search's budget ignores coalition calls.
  const again = await openSearchSession({ experts, evaluator, journal });
  await again.evaluate(coalitions);
  const result = await again.search({ budget: 37 });
  assert.equal(result.stoppedBy, 'complete');
  assert.equal(calls.length, 43);
  const capped = await openSearchSession({ experts, evaluator, journal });
  const skipped = await capped.evaluate([simplexPoint(experts, [1, 2, 1], 4)], { budget: 6 });
  assert.equal(skipped[0]?.status, 'skipped');
});

test('aborting stops the search at once and journals nothing more', async () => {
  const controller = new AbortController();
  const journal = memoryJournalStore();
  let calls = 0;
  const evaluator: WeightsEvaluator = async (weights, { signal }) => {
    calls += 1;
    if (calls === 5) {
      controller.abort(new Error('killed'));
      assert.equal(signal?.aborted, true, 'the evaluator sees the signal');
      return new Promise<CategoryScores>(() => undefined);
    }
    return scoresOf(weights);
  };
  await assert.rejects(searchWeights({ experts, evaluator, journal, concurrency: 2, signal: controller.signal }), { message: 'killed' });
  const recorded = parseJournal(journal.text, 'j').records.length;
  assert.ok(recorded >= 3 && recorded <= 4, `${recorded} records`);
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  assert.equal(parseJournal(journal.text, 'j').records.length, recorded);
  await assert.rejects(openSearchSession({ experts, evaluator, signal: controller.signal }), { message: 'killed' });
});

test('progress events: journal, plan, started/finished for each call, improving bests', async () => {
  const events: ProgressEvent[] = [];
  await searchWeights({ experts, evaluator: countingEvaluator().evaluator, onProgress: (e) => events.push(e) });
  assert.equal(events[0]?.type, 'journal');
  assert.deepEqual(events[1], { type: 'plan', phase: 'grid', points: 37, cached: 0 });
  assert.equal(events.filter((e) => e.type === 'started').length, 37);
  const finished = events.filter((e) => e.type === 'finished');
  assert.equal(finished.length, 37);
  assert.ok(finished.every((e) => e.type === 'finished' && e.seconds >= 0 && e.running === 0));
  const bests = events.flatMap((e) => (e.type === 'best' ? [e.evaluation.score] : []));
  assert.ok(bests.length >= 1);
  assert.ok(bests.every((s, i) => i === 0 || s > (bests[i - 1] as number)));
  assert.equal(bests.at(-1), total(simplexPoint(experts, [6, 3, 1], 10).weights));
  const steps: ProgressEvent[] = [];
  await searchWeights({ experts, evaluator: countingEvaluator().evaluator, search: { strategy: 'coordinate' }, onProgress: (e) => steps.push(e) });
  assert.deepEqual(steps.filter((e) => e.type === 'step').map((e) => e.type === 'step' && e.step), [0.1, 0.05, 0.025]);
  assert.deepEqual(steps.find((e) => e.type === 'plan'), { type: 'plan', phase: 'coordinate', points: undefined, cached: 0 });
});
