import { z } from 'zod';
import { shapleyFromMaskedValues } from './shapley_exact.ts';
import { ShapleyInputError } from './shapley_input_error.ts';
import { MAX_EXACT_PLAYERS, checkPlayers, formatCoalition, type ShapleyResult } from './shapley_result.ts';

/** Measured coalition values: what `soce shapley --values` reads. */
export interface CoalitionValues {
  /** The players (for SoCE, the candidate models). */
  readonly players: readonly string[];
  /** The value of each coalition; members in any order. The empty coalition is 0 unless listed. */
  readonly values: readonly { readonly coalition: readonly string[]; readonly value: number }[];
}

const schema = z.object({
  players: z.array(z.string()),
  values: z.array(z.object({ coalition: z.array(z.string()), value: z.number() })),
});

/**
 * Reads `{ "players": [...], "values": [{ "coalition": [...], "value": n }, ...] }` from JSON text.
 * `source` names the text in messages. Throws `ShapleyInputError` and nothing else.
 */
export function parseCoalitionValues(text: string, source: string): CoalitionValues {
  let data: unknown;
  try {
    data = JSON.parse(String(text).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ShapleyInputError(`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') ?? '';
    throw new ShapleyInputError(`${source}: ${path === '' ? 'the file' : path}: ${issue?.message ?? 'unexpected shape'}; expected { "players": ["A", "B"], "values": [{ "coalition": ["A"], "value": 0.5 }, ...] }`);
  }
  return parsed.data;
}

/**
 * Exact Shapley values from a table of coalition values (measured once, e.g. by souping and
 * benchmarking every coalition as the paper did for MGSM). Every non-empty coalition must be
 * listed; the empty one is 0 unless listed. `source` names the input in messages. Throws
 * `ShapleyInputError` naming an unknown or repeated member, a coalition listed twice, a
 * non-finite value or the missing coalitions.
 */
export function shapleyFromValues(input: CoalitionValues, source = 'coalition values'): ShapleyResult {
  const { players } = input;
  try {
    checkPlayers(players);
  } catch (error) {
    throw new ShapleyInputError(`${source}: ${(error as Error).message}`);
  }
  if (players.length > MAX_EXACT_PLAYERS) {
    throw new ShapleyInputError(`${source}: ${players.length} players need 2^${players.length} coalition values; exact Shapley values from a table are limited to ${MAX_EXACT_PLAYERS} players`);
  }
  const index = new Map(players.map((p, i) => [p, i]));
  const n = players.length;
  const values = new Float64Array(1 << n);
  const given = new Map<number, number>();
  input.values.forEach(({ coalition, value }, k) => {
    const where = `${source}: values[${k}]`;
    let mask = 0;
    for (const member of coalition) {
      const i = index.get(member);
      if (i === undefined) throw new ShapleyInputError(`${where}: "${member}" is not one of the players ${JSON.stringify(players)}; add it to "players" or fix the name`);
      if ((mask & (1 << i)) !== 0) throw new ShapleyInputError(`${where}: "${member}" appears twice in the coalition; list each member once`);
      mask |= 1 << i;
    }
    if (!Number.isFinite(value)) throw new ShapleyInputError(`${where}: the value of ${formatCoalition(coalition)} is ${String(value)}; give a finite number`);
    const earlier = given.get(mask);
    if (earlier !== undefined) throw new ShapleyInputError(`${where}: coalition ${formatCoalition(coalition)} is already given in values[${earlier}]; give each coalition once`);
    given.set(mask, k);
    values[mask] = value;
  });
  const missing: number[] = [];
  for (let mask = 1; mask < 1 << n; mask++) if (!given.has(mask)) missing.push(mask);
  if (missing.length > 0) {
    const members = (mask: number): string[] => players.filter((_, i) => (mask & (1 << i)) !== 0);
    const first = members(missing[0] ?? 0);
    const others = missing.slice(1, 4).map((m) => formatCoalition(members(m)));
    const more = missing.length > 4 ? `, and ${missing.length - 4} more` : '';
    throw new ShapleyInputError(
      `${source}: no value for coalition ${formatCoalition(first)}${others.length > 0 ? ` (also missing: ${others.join(', ')}${more})` : ''}; exact Shapley values need every non-empty coalition of the ${n} players: add { "coalition": ${JSON.stringify(first)}, "value": <number> } to "values"`,
    );
  }
  return shapleyFromMaskedValues(players, values);
}
