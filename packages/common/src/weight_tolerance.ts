/**
 * How far from 1 the sum of soup weights may be and still count as 1, everywhere in soce: the
 * search's `Weights` and the merge's weight check use this one value, so any weights the search
 * produces are weights the merge accepts. 1e-6 admits recipes typed in decimals (`0.1 + 0.2 +
 * 0.7`, or thirds written as `0.333333`) and rejects a weight that was clearly mistyped.
 */
export const WEIGHT_SUM_TOLERANCE = 1e-6;
