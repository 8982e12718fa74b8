import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compositionCount, gridSize, resolveBounds, simplexGrid, stepDivisions, uniformPoint, type BoundsSpec } from '@soce/search';
import { withinBounds } from './bounds.ts';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `e${i}`);

test('steps must be 1/m', () => {
  assert.equal(stepDivisions(0.1), 10);
  assert.equal(stepDivisions(0.05), 20);
  assert.equal(stepDivisions(0.25), 4);
  assert.equal(stepDivisions(1 / 3), 3);
  assert.throws(() => stepDivisions(0.3), { name: 'GridError', message: /step 0.3 does not divide 1 exactly.*0.25 or 0.333333/ });
  assert.throws(() => stepDivisions(0), { name: 'GridError', message: /must be a number in \(0, 1\]/ });
  assert.throws(() => stepDivisions(1.5), { name: 'GridError' });
});

test("the paper's grid: 36 + 1 points for 3 experts at step 0.1 within 0.1 ... 0.9", () => {
  const grid = simplexGrid(['xlam', 'toolace', 'watt']);
  assert.equal(grid.length, 37);
  assert.equal(gridSize(['xlam', 'toolace', 'watt']), 37);
  assert.equal(grid[0]?.key, '1,1,1/3', 'the uniform point comes first');
  assert.ok(grid.some((p) => p.key === '7,2,1/10'), "the paper's 8B optimum is a grid point");
  // 4 experts: C(9,3) = 84 plus the off-grid uniform; 5 experts: the uniform 0.2 is on the grid.
  assert.equal(gridSize(names(4)), 85);
  assert.equal(gridSize(names(5)), 126);
});

test('bounds that no point satisfies are an error naming the fix', () => {
  assert.throws(() => gridSize(names(4), { bounds: { min: 0.3 } }), { name: 'GridError', message: /minimum weights of the 4 experts sum to 1.2 > 1.*at most 0.25/ });
  assert.throws(() => gridSize(names(2), { bounds: { max: 0.4 } }), { name: 'GridError', message: /maximum weights .* sum to 0.8 < 1/ });
  assert.throws(() => gridSize(names(2), { bounds: { perExpert: { e0: { min: 0.6, max: 0.5 } } } }), { name: 'GridError', message: /expert 'e0': min 0.6 exceeds max 0.5/ });
  assert.throws(() => gridSize(names(2), { bounds: { perExpert: { zz: { min: 0.2 } } } }), { name: 'GridError', message: /'zz', which is not one of the experts/ });
  assert.throws(() => gridSize(names(2), { bounds: { min: -0.1 } }), { name: 'GridError', message: /^bounds: min: / });
});

test('per-expert bounds shape the grid', () => {
  const grid = simplexGrid(names(3), { bounds: { perExpert: { e0: { min: 0.5 } } } });
  assert.ok(grid.every((p) => (p.weights.values[0] as number) >= 0.5 - 1e-12));
  assert.ok(!grid.some((p) => p.key === '1,1,1/3'), 'the uniform point violates e0 >= 0.5');
  assert.equal(grid.length, gridSize(names(3), { bounds: { perExpert: { e0: { min: 0.5 } } } }));
  // Bounds off the step are met inward: 0.15 ... 0.85 at step 0.1 means 0.2 ... 0.8.
  const inward = simplexGrid(names(3), { bounds: { min: 0.15, max: 0.85 } }).slice(1);
  assert.ok(inward.every((p) => p.weights.values.every((w) => w >= 0.2 - 1e-12 && w <= 0.8 + 1e-12)));
  assert.equal(inward.length, 15, 'compositions of 10 into 3 parts within 2 ... 8: C(6, 2)');
});

/** Counts integer vectors within [lo, hi] summing to total by brute force. */
function bruteCount(total: number, lo: readonly number[], hi: readonly number[]): number {
  const go = (i: number, rest: number): number => {
    if (i === lo.length) return rest === 0 ? 1 : 0;
    let count = 0;
    for (let k = lo[i] as number; k <= (hi[i] as number) && k <= rest; k++) count += go(i + 1, rest - k);
    return count;
  };
  return go(0, total);
}

test('property: the closed-form composition count matches brute force', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 14 }),
      fc.array(fc.tuple(fc.nat({ max: 6 }), fc.nat({ max: 8 })), { minLength: 1, maxLength: 5 }),
      (total, ranges) => {
        const lo = ranges.map(([l]) => l);
        const hi = ranges.map(([l, w]) => l + w - 1);
        assert.equal(compositionCount(total, lo, hi), BigInt(bruteCount(total, lo, hi)));
      },
    ),
  );
});

const gridCase = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    m: fc.integer({ min: 1, max: 16 }),
    min: fc.integer({ min: 0, max: 40 }).map((x) => x / 100),
    max: fc.integer({ min: 20, max: 100 }).map((x) => x / 100),
    override: fc.option(fc.record({ min: fc.integer({ min: 0, max: 60 }).map((x) => x / 100) }), { nil: undefined }),
  })
  .filter(({ n, min, max, override }) => {
    const mins = names(n).map((_, i) => (i === 0 && override ? override.min : min));
    return mins.every((x) => x <= max) && mins.reduce((a, b) => a + b, 0) <= 1 && n * max >= 1;
  });

test('property: the grid has the closed-form size, no duplicates, and only points on the simplex within the bounds', () => {
  fc.assert(
    fc.property(gridCase, ({ n, m, min, max, override }) => {
      const experts = names(n);
      const bounds: BoundsSpec = { min, max, ...(override ? { perExpert: { e0: override } } : {}) };
      const spec = { step: 1 / m, bounds };
      const grid = simplexGrid(experts, spec);
      assert.equal(grid.length, gridSize(experts, spec));
      assert.equal(new Set(grid.map((p) => p.key)).size, grid.length, 'duplicate grid points');
      const resolved = resolveBounds(experts, bounds);
      for (const point of grid) {
        assert.equal(point.numerators.reduce((a, b) => a + b, 0), point.denominator);
        assert.ok(Math.abs(point.weights.values.reduce((a, b) => a + b, 0) - 1) <= 1e-12);
        assert.ok(withinBounds(point, resolved), `${point.toString()} outside the bounds`);
        assert.ok(m % point.denominator === 0 || point.key === uniformPoint(experts).key, `${point.key} is off the step`);
      }
    }),
  );
});
