/** How experts are chosen: `paper`, the paper's literal rule, or `cluster`, one expert per cluster of categories. */
export const EXPERT_MODES = ['paper', 'cluster'] as const;

/** One of {@link EXPERT_MODES}. */
export type ExpertMode = (typeof EXPERT_MODES)[number];
