import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { alignUp, chunkElements, planChunks, planDispatch, planPasses, type MergePass } from './webgpu_plan.ts';

/** Storage buffers a pass binds: its inputs, the flagged list, and accumulator and/or output. */
function storageBuffers(pass: MergePass): number {
  const accumulator = pass.start === 'accumulator' || pass.target === 'accumulator' ? 1 : 0;
  return pass.count + 1 + accumulator + (pass.target === 'output' ? 1 : 0);
}

test('passes read every input once, in order, within the storage-buffer and per-pass limits', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 4, max: 40 }), fc.integer({ min: 1, max: 50 }), (inputs, maxStorage, maxPerPass) => {
      const passes = planPasses(inputs, maxStorage, maxPerPass);
      let next = 0;
      for (const [i, pass] of passes.entries()) {
        assert.equal(pass.first, next);
        assert.ok(pass.count >= 1 && pass.count <= maxPerPass);
        assert.ok(storageBuffers(pass) <= maxStorage, `pass ${i} binds ${storageBuffers(pass)} > ${maxStorage}`);
        assert.equal(pass.start, i === 0 ? 'first-input' : 'accumulator');
        assert.equal(pass.target, i === passes.length - 1 ? 'output' : 'accumulator');
        next += pass.count;
      }
      assert.equal(next, inputs);
    }),
  );
});

test('passes are as few as the limits allow', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 4, max: 40 }), (inputs, maxStorage) => {
      const passes = planPasses(inputs, maxStorage, maxStorage);
      // One pass takes up to S−2 inputs; otherwise S−2 go first, S−2 per middle pass, S−3 last.
      const perPass = maxStorage - 2;
      const expected = inputs <= perPass ? 1 : 1 + Math.ceil((inputs - perPass + 1) / perPass);
      assert.equal(passes.length, expected);
    }),
  );
});

test('a lone pass covers small merges; the default 8 storage buffers take 6 inputs at once', () => {
  assert.deepEqual(planPasses(6, 8, 8), [{ first: 0, count: 6, start: 'first-input', target: 'output' }]);
  assert.deepEqual(planPasses(8, 8, 3).map((p) => p.count), [3, 3, 2]);
  assert.throws(() => planPasses(0, 8, 8), RangeError);
  assert.throws(() => planPasses(2, 3, 8), /4 storage buffers/);
});

test('a dispatch grid covers the workgroups within the per-dimension limit, wasting less than a row', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 70000 }), (maxPerDimension, seed) => {
      const workgroups = 1 + (seed % (maxPerDimension * maxPerDimension));
      const { x, y } = planDispatch(workgroups, maxPerDimension);
      assert.ok(x <= maxPerDimension && y <= maxPerDimension);
      assert.ok(x * y >= workgroups);
      assert.ok(x * y - workgroups < y, `${x}×${y} for ${workgroups}`);
      if (workgroups <= maxPerDimension) assert.deepEqual({ x, y }, { x: workgroups, y: 1 });
    }),
  );
  assert.deepEqual(planDispatch(100_000, 65535), { x: 50_000, y: 2 });
  assert.throws(() => planDispatch(10, 3), /do not fit a 3×3 grid/);
});

const limitsArb = fc.record({
  inputPairBytes: fc.constantFrom(4, 8),
  widestPairBytes: fc.constantFrom(4, 8),
  inputs: fc.integer({ min: 1, max: 64 }),
  maxBindingBytes: fc.integer({ min: 64, max: 2 ** 31 }),
  maxBufferBytes: fc.integer({ min: 2 ** 16, max: 2 ** 32 }),
  offsetAlignment: fc.constantFrom(32, 64, 256),
  preferredElements: fc.integer({ min: 2, max: 2 ** 26 }),
  maxDispatchPairs: fc.integer({ min: 1, max: 2 ** 32 }),
});

test('a chunk is even and fits every binding, the shared input buffer and one dispatch', () => {
  fc.assert(
    fc.property(limitsArb, (limits) => {
      const elements = chunkElements(limits);
      const pairs = elements / 2;
      assert.ok(Number.isInteger(pairs) && pairs >= 1);
      assert.ok(pairs * Math.max(limits.inputPairBytes, limits.widestPairBytes) <= limits.maxBindingBytes);
      assert.ok(alignUp(pairs * limits.inputPairBytes, limits.offsetAlignment) * limits.inputs <= limits.maxBufferBytes);
      assert.ok(elements <= limits.preferredElements);
      assert.ok(pairs <= limits.maxDispatchPairs);
    }),
  );
});

test('a chunk that cannot hold one pair is an error, not an endless loop', () => {
  const limits = {
    inputPairBytes: 8, widestPairBytes: 8, inputs: 2, maxBindingBytes: 4, maxBufferBytes: 1024,
    offsetAlignment: 256, preferredElements: 1024, maxDispatchPairs: 1024,
  };
  assert.throws(() => chunkElements(limits), /no chunk fits/);
});

test('chunks tile the elements exactly, all full but the last', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 5000 }), (elements, size) => {
      const chunks = planChunks(elements, size);
      let next = 0;
      for (const [i, chunk] of chunks.entries()) {
        assert.equal(chunk.start, next);
        assert.ok(chunk.count >= 1);
        if (i < chunks.length - 1) assert.equal(chunk.count, size);
        next += chunk.count;
      }
      assert.equal(next, elements);
    }),
  );
});
