// A search with an AbortSignal adds one listener to it, however many points wait: a Node
// AbortSignal warns (MaxListenersExceededWarning) from 11 listeners, which a grid of 36 points
// queued behind one evaluation slot used to reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import process from 'node:process';
import { searchWeights, type AbortSignalLike } from '@soce/search';
import { onAbort } from './signal.ts';

/** A real AbortSignal, counting the listeners attached to it at once. */
function countingSignal(signal: AbortSignal): AbortSignalLike & { readonly most: number; readonly now: number } {
  let now = 0;
  let most = 0;
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason;
    },
    addEventListener(type, listener, options) {
      now += 1;
      most = Math.max(most, now);
      signal.addEventListener(type, () => {
        now -= 1;
        listener();
      }, options);
      removers.set(listener, () => (now -= 1));
    },
    removeEventListener(_type, listener) {
      removers.get(listener)?.();
      removers.delete(listener);
    },
    get most() {
      return most;
    },
    get now() {
      return now;
    },
  };
}
const removers = new Map<() => void, () => void>();

const experts = ['a', 'b', 'c'];
const evaluator = async (weights: { values: readonly number[] }) => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return { x: -((weights.values[0]! - 0.5) ** 2) };
};

test('a whole grid queued behind one slot holds one abort listener, and none once done', async () => {
  const signal = countingSignal(new AbortController().signal);
  const result = await searchWeights({ experts, evaluator, signal, concurrency: 1 });
  assert.equal(result.evaluations, 37, 'the 36 grid points and the uniform one');
  assert.equal(signal.most, 1, 'one listener at a time');
  assert.equal(signal.now, 0, 'no listener left behind');
});

test('with a real AbortSignal and no raised limit, Node prints no MaxListenersExceededWarning', async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => void warnings.push(warning.name);
  process.on('warning', onWarning);
  try {
    await searchWeights({ experts, evaluator, signal: new AbortController().signal, concurrency: 2 });
    await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings, []);
});

test('aborting rejects every waiting evaluation with the reason, through the one listener', async () => {
  const controller = new AbortController();
  const signal = countingSignal(controller.signal);
  const search = searchWeights({
    experts,
    evaluator: async (weights) => {
      controller.abort(new Error('stop'));
      return evaluator(weights);
    },
    signal,
  });
  await assert.rejects(search, /stop/);
  assert.equal(signal.most, 1);
});

test('onAbort: callbacks share one listener, run once on abort, and unsubscribe', () => {
  const controller = new AbortController();
  const signal = countingSignal(controller.signal);
  const calls: string[] = [];
  const offA = onAbort(signal, () => calls.push('a'));
  onAbort(signal, () => calls.push('b'));
  const offC = onAbort(signal, () => calls.push('c'));
  assert.equal(signal.now, 1);
  offC();
  offA();
  assert.equal(signal.now, 1, 'b still waits');
  controller.abort();
  assert.deepEqual(calls, ['b']);
  assert.equal(signal.now, 0);
  const later = onAbort(signal, () => calls.push('late'));
  later();
  assert.equal(signal.now, 0, 'the last unsubscribe removes the listener');
});
