// @soce/search from its npm tarball: the paper's grid then coordinate ascent on a toy evaluator,
// journaled to a file through @soce/search/node and resumed from it without a new evaluation.
import { rm } from 'node:fs/promises';
import { searchWeights } from '@soce/search';
import { fileJournalStore } from '@soce/search/node';

const experts = ['xlam', 'toolace', 'watt'];
const peak = { xlam: 0.7, toolace: 0.2, watt: 0.1 };
let calls = 0;
const evaluator = async (weights) => {
  calls += 1;
  const distance = experts.reduce((sum, e) => sum + (weights.get(e) - peak[e]) ** 2, 0);
  return { live: 100 - 100 * distance, ast: 90 - 50 * distance };
};
const options = { experts, evaluator, search: { strategy: 'grid+coordinate' } };
await rm('search.jsonl', { force: true });
const first = await searchWeights({ ...options, journal: fileJournalStore('search.jsonl') });
const firstCalls = calls;
const resumed = await searchWeights({ ...options, journal: fileJournalStore('search.jsonl') });
console.log(JSON.stringify({
  best: first.best?.point.key,
  stoppedBy: first.stoppedBy,
  evaluations: first.evaluations,
  calls: firstCalls,
  resumedBest: resumed.best?.point.key,
  resumedFresh: resumed.fresh,
}));
