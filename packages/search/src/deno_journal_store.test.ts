import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchWeights, type WeightsEvaluator, type Weights } from '@soce/search';
import { fileJournalStore } from './runtime/deno/mod.ts';

/** The Deno file store needs the Deno runtime; under Node this test is reported as skipped. */
const deno = (globalThis as { Deno?: { makeTempDir(): Promise<string>; readTextFile(p: string): Promise<string>; writeTextFile(p: string, t: string): Promise<void>; remove(p: string, o: { recursive: true }): Promise<void> } }).Deno;

const experts = ['xlam', 'toolace', 'watt'];
const scores = (w: Weights) => ({ live: 80 - 100 * ((w.values[0] as number) - 0.6) ** 2, multi: 70 - 100 * ((w.values[1] as number) - 0.3) ** 2 });

test('the Deno file journal survives the process: a resumed search reads it and evaluates nothing twice', { skip: deno === undefined ? 'runs under Deno only (npm run test-deno)' : false }, async () => {
  const dir = await deno!.makeTempDir();
  try {
    const path = `${dir}/runs/8b.jsonl`;
    const store = fileJournalStore(path);
    assert.equal(await store.readAll(), '', 'a missing file is an empty journal');
    const calls: string[] = [];
    const evaluator: WeightsEvaluator = async (weights, { point }) => {
      calls.push(point.key);
      return scores(weights);
    };
    const cut = await searchWeights({ experts, evaluator, journal: store, budget: 20 });
    assert.equal(cut.stoppedBy, 'budget');
    const text = await deno!.readTextFile(path);
    assert.equal(text.split('\n').length, 1 + 20 + 1);
    await deno!.writeTextFile(path, text.slice(0, text.length - 30));
    const resumed = await searchWeights({ experts, evaluator, journal: fileJournalStore(path) });
    assert.equal(resumed.evaluations, 37);
    assert.equal(calls.length, 20 + 18);
    assert.equal(new Set(calls).size, 37);
    assert.match(await deno!.readTextFile(path), /"type":"torn","line":21/);
  } finally {
    await deno!.remove(dir, { recursive: true });
  }
});
