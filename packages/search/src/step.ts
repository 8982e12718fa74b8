/**
 * Steps of the search are unit fractions 1/m, so every proposed weight is an integer multiple of
 * the step and no rounding creeps in however many steps are taken.
 */
import { GridError } from './errors.ts';

/**
 * The number of divisions m with `step` = 1/m (0.1 -> 10, 0.05 -> 20, 0.25 -> 4). A GridError
 * when the step is not 1/m for a whole m, since such a step cannot tile the simplex exactly.
 */
export function stepDivisions(step: number, what = 'step'): number {
  if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0 || step > 1) {
    throw new GridError(`${what} ${String(step)} must be a number in (0, 1], such as 0.1`);
  }
  const m = Math.round(1 / step);
  if (Math.abs(m * step - 1) > 1e-9) {
    const lower = 1 / Math.ceil(1 / step);
    const upper = 1 / Math.floor(1 / step);
    throw new GridError(
      `${what} ${step} does not divide 1 exactly: use 1/m for a whole m, e.g. ${+lower.toPrecision(6)} or ${+upper.toPrecision(6)}`,
    );
  }
  return m;
}
