import { coalitionPoint, type SearchSession } from '@soce/search';
import { scoredBySearch } from './comparison_step.ts';
import { MAX_EXACT_PLAYERS, shapley, ShapleyInputError, type ShapleyResult } from '@soce/stats';
import { EvaluationError } from './evaluation_error.ts';
import type { PipelineContext } from './pipeline_context.ts';
import type { ShapleyView } from './report_model.ts';
import { openCandidateSession } from './sessions.ts';

/** Options of {@link shapleyStep}. */
export interface ShapleyStepOptions {
  /** The players: candidates whose contribution is measured (all candidates by default). */
  readonly players?: readonly string[];
  /**
   * At most this many coalition soups are evaluated (journaled ones included); exact values when
   * every coalition fits (2^n − 1 soups), permutation sampling with standard errors otherwise.
   * Without a budget, at most `MAX_EXACT_PLAYERS` (20) players: every coalition is a soup to merge
   * and evaluate.
   */
  readonly budget?: number;
  /** Seed of the permutation sampler. */
  readonly seed?: number;
  /** The weight search's session: coalition soups it already scored are taken from it. */
  readonly search?: SearchSession;
}

/** Shapley values as `@soce/stats` computed them, and the report's view. */
export interface ShapleyOutcome {
  /** Values, standard errors, method, coalition values used. */
  readonly result: ShapleyResult;
  /** The report's view. */
  readonly view: ShapleyView;
}

/**
 * Shapley values of the candidates in the soup game (the paper's section 4.2.3): a coalition's
 * value is the objective of the uniform soup of its members, the empty coalition's is 0. Every
 * coalition soup goes through the candidates' dev journal, shared with the comparison table.
 */
export async function shapleyStep(ctx: PipelineContext, options: ShapleyStepOptions = {}): Promise<ShapleyOutcome> {
  const candidates = Object.keys(ctx.candidates);
  const players = options.players ?? candidates;
  const coalitions = 2 ** players.length - 1;
  const count = (n: number): string => n.toLocaleString('en-US');
  if (options.budget === undefined && players.length > MAX_EXACT_PLAYERS) {
    throw new ShapleyInputError(
      `${players.length} players make ${count(coalitions)} coalition soups, each one merged and evaluated; give a budget (shapley.budget, or --budget N) to sample permutations within N soups, or at most ${MAX_EXACT_PLAYERS} players (shapley.players)`,
    );
  }
  const exact = options.budget === undefined || options.budget >= coalitions;
  // Said before any soup is merged, so a run that would take months can be stopped at once.
  ctx.onProgress?.({
    type: 'phase',
    phase: 'shapley',
    detail: exact ? `exact: ${count(coalitions)} coalition soups of ${players.length} players` : `sampled: at most ${count(options.budget!)} coalition soups of ${players.length} players`,
  });
  const session = await openCandidateSession(ctx, 'dev', 'shapley');
  let evaluated = 0;
  const value = async (coalition: readonly string[]): Promise<number> => {
    const point = coalitionPoint(candidates, [...coalition]);
    const [evaluation] = [scoredBySearch(options.search, point) ?? (await session.evaluate([point]))[0]];
    evaluated += 1;
    if (evaluation?.status !== 'scored') {
      throw new EvaluationError(`the soup of {${coalition.join(', ')}} could not be scored${evaluation?.status === 'failed' ? `: ${evaluation.error}` : ''}`);
    }
    return evaluation.score;
  };
  const result = await shapley(players, value, {
    emptyValue: 0,
    ...(options.budget === undefined ? {} : { maxEvaluations: options.budget }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const sampled = result.method === 'sampled';
  const view: ShapleyView = {
    players,
    values: Object.fromEntries(result.values.map((v) => [v.player, v.value])),
    ...(sampled ? { standardErrors: Object.fromEntries(result.values.map((v) => [v.player, v.standardError])) } : {}),
    coalitions: evaluated,
  };
  return { result, view };
}
