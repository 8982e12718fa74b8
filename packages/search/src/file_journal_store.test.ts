import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchWeights, type JournalStore, type WeightsEvaluator, type Weights } from '@soce/search';

// Each runtime tests its own file store: Node's under Node, Deno's under Deno (node:fs, node:os and
// node:path, used here to set up and inspect the file, are Deno's Node compatibility).
const runtime = 'Deno' in globalThis ? 'Deno' : 'Node';
const fileJournalStore: (path: string) => JournalStore =
  runtime === 'Deno' ? (await import('./runtime/deno/mod.ts')).fileJournalStore : (await import('./runtime/node/mod.ts')).fileJournalStore;

const experts = ['xlam', 'toolace', 'watt'];
const scores = (w: Weights) => ({ live: 80 - 100 * ((w.values[0] as number) - 0.6) ** 2, multi: 70 - 100 * ((w.values[1] as number) - 0.3) ** 2 });

test(`the ${runtime} file journal survives the process: a resumed search reads it and evaluates nothing twice`, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'soce-search-'));
  try {
    const path = join(dir, 'runs', '8b.jsonl');
    const store = fileJournalStore(path);
    assert.equal(store.name, path);
    assert.equal(await store.readAll(), '', 'a missing file is an empty journal');
    const calls: string[] = [];
    const evaluator: WeightsEvaluator = async (weights, { point }) => {
      calls.push(point.key);
      return scores(weights);
    };
    const cut = await searchWeights({ experts, evaluator, journal: store, budget: 20 });
    assert.equal(cut.stoppedBy, 'budget');
    const text = await readFile(path, 'utf8');
    assert.equal(text.split('\n').length, 1 + 20 + 1, 'header, 20 records, final newline');
    // Kill mid-write: the last record loses its tail.
    await writeFile(path, text.slice(0, text.length - 30));
    const resumed = await searchWeights({ experts, evaluator, journal: fileJournalStore(path) });
    assert.equal(resumed.stoppedBy, 'complete');
    assert.equal(resumed.evaluations, 37);
    assert.equal(calls.length, 20 + 18, 'the torn record is redone, nothing else');
    assert.equal(new Set(calls).size, 37);
    assert.match(await readFile(path, 'utf8'), /"type":"torn","line":21/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
