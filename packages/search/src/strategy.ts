/**
 * The search strategies: `grid`, every grid point (the paper's method); `coordinate`, coordinate
 * ascent from a start point; `grid+coordinate`, the grid, then coordinate ascent from its best
 * point, refining below the grid step.
 */
export const STRATEGIES = ['grid', 'coordinate', 'grid+coordinate'] as const;

/** One of {@link STRATEGIES}. */
export type Strategy = (typeof STRATEGIES)[number];
