/**
 * The journal's JSONL format. Line 1 is a header identifying the search; every other line records
 * one finished evaluation (scores or failure). Lines are only ever appended, so a search killed at
 * any moment loses at most the line being written: a torn last line is tolerated, reported and
 * acknowledged by a `torn` marker line so that later reads accept it too.
 *
 * ```jsonl
 * {"type":"header","format":"soce-search-journal","version":1,"experts":["a","b","c"],...}
 * {"type":"result","origin":"search","key":"1,1,1/3","numerators":[1,1,1],"denominator":3,"scores":{...},"score":212.5,...}
 * {"type":"failure","origin":"search","key":"7,2,1/10","numerators":[7,2,1],"denominator":10,"error":"CUDA out of memory",...}
 * ```
 */
import { z } from 'zod';
import { JournalError } from './errors.ts';
import { EVALUATION_ORIGINS, type EvaluationOrigin, type TornLine } from './evaluation.ts';
import type { CategoryScores, ObjectiveIdentity } from './objective.ts';
import { simplexPoint, type SimplexPoint } from './simplex_point.ts';
import { STRATEGIES, type Strategy } from './strategy.ts';

/** The `format` field of every journal header. */
export const JOURNAL_FORMAT = 'soce-search-journal';
/** The journal format version this package writes and reads. */
export const JOURNAL_VERSION = 1;

/**
 * What identifies a search. Resuming with a journal whose header differs in any field is a
 * JournalError: the cached scores would belong to another question.
 */
export interface SearchIdentity {
  /** The experts, in the order of every point's numerators. */
  readonly experts: readonly string[];
  /** What the search maximises. */
  readonly objective: ObjectiveIdentity;
  /** How it searches. */
  readonly strategy: Strategy;
  /** Resolved per-expert bounds, in expert order. */
  readonly bounds: { readonly min: readonly number[]; readonly max: readonly number[] };
  /** Grid step, also the first coordinate-ascent step. */
  readonly step: number;
  /** Smallest coordinate-ascent step (coordinate strategies only). */
  readonly minStep?: number;
  /** Key of the coordinate-ascent start point (strategy `coordinate` only). */
  readonly start?: string;
}

/** One finished evaluation as recorded. */
export type JournalRecord =
  | { readonly type: 'result'; readonly origin: EvaluationOrigin; readonly point: SimplexPoint; readonly scores: CategoryScores }
  | { readonly type: 'failure'; readonly origin: EvaluationOrigin; readonly point: SimplexPoint; readonly error: string };

/** A journal's text, read back. */
export interface ParsedJournal {
  /** The header, or undefined for an empty journal (or one whose only line is a torn header). */
  readonly header: SearchIdentity | undefined;
  /** Evaluations in the order they were appended. */
  readonly records: readonly JournalRecord[];
  /** The unparseable last line, not yet acknowledged by a marker. */
  readonly torn: TornLine | undefined;
  /** Whether the text ends with a newline (or is empty), i.e. the next append starts a new line. */
  readonly terminated: boolean;
}

const objectiveSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sum') }),
  z.object({ kind: z.literal('mean') }),
  z.object({ kind: z.literal('weighted'), weights: z.record(z.string(), z.number()) }),
  z.object({ kind: z.literal('custom'), name: z.string() }),
]);

const headerSchema = z.object({
  type: z.literal('header'),
  format: z.literal(JOURNAL_FORMAT),
  version: z.literal(JOURNAL_VERSION),
  experts: z.array(z.string()).min(1),
  objective: objectiveSchema,
  strategy: z.enum(STRATEGIES),
  bounds: z.object({ min: z.array(z.number()), max: z.array(z.number()) }),
  step: z.number(),
  minStep: z.number().optional(),
  start: z.string().optional(),
});

const pointFields = {
  origin: z.enum(EVALUATION_ORIGINS),
  numerators: z.array(z.number().int().nonnegative()),
  denominator: z.number().int().positive(),
};

const lineSchema = z.discriminatedUnion('type', [
  headerSchema,
  z.object({ type: z.literal('result'), ...pointFields, scores: z.record(z.string(), z.number()) }),
  z.object({ type: z.literal('failure'), ...pointFields, error: z.string() }),
  z.object({ type: z.literal('torn'), line: z.number().int() }),
]);

function parseJson(line: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch {
    return { ok: false };
  }
}

function isTornMarker(line: string | undefined): boolean {
  if (line === undefined) return false;
  const parsed = parseJson(line);
  return parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && (parsed.value as { type?: unknown }).type === 'torn';
}

/**
 * Reads a journal's text. `name` (the store's name) goes into every error. A JournalError when a
 * line other than the last is damaged (and not acknowledged), a line is not a journal record,
 * records come before the header, or a point does not fit the header's experts.
 */
export function parseJournal(text: string, name: string): ParsedJournal {
  const terminated = text === '' || text.endsWith('\n');
  const lines = text.split('\n');
  if (terminated) lines.pop();
  let header: SearchIdentity | undefined;
  const records: JournalRecord[] = [];
  let torn: TornLine | undefined;
  lines.forEach((line, index) => {
    const at = `${name}, line ${index + 1}`;
    if (line.trim() === '') return;
    const json = parseJson(line);
    if (!json.ok) {
      if (isTornMarker(lines[index + 1])) return;
      if (index === lines.length - 1) {
        torn = { line: index + 1, fragment: line.slice(0, 120) };
        return;
      }
      throw new JournalError(
        `${at} is not valid JSON (${line.slice(0, 60)}…): a journal is only appended to, so it was damaged; ` +
          'delete that line (its evaluation will be redone) and resume',
      );
    }
    const parsed = lineSchema.safeParse(json.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new JournalError(
        `${at} is not a record of a ${JOURNAL_FORMAT} (${issue?.path.join('.') || 'line'}: ${issue?.message}): ` +
          'check that the file is a soce search journal, or start a new journal',
      );
    }
    const value = parsed.data;
    if (value.type === 'torn') return;
    if (value.type === 'header') {
      if (header !== undefined || records.length > 0) {
        throw new JournalError(`${at} is a second header: a journal belongs to one search; start a new journal`);
      }
      const { experts, objective, strategy, bounds, step, minStep, start } = value;
      header = {
        experts,
        objective,
        strategy,
        bounds,
        step,
        ...(minStep === undefined ? {} : { minStep }),
        ...(start === undefined ? {} : { start }),
      };
      return;
    }
    if (header === undefined) {
      throw new JournalError(`${at} records an evaluation before any header: the journal's first line must be its header`);
    }
    let point: SimplexPoint;
    try {
      point = simplexPoint(header.experts, value.numerators, value.denominator);
    } catch (error) {
      throw new JournalError(`${at} holds a point that does not fit the journal's experts: ${(error as Error).message}`);
    }
    records.push(
      value.type === 'result'
        ? // The line's own entries, not zod's copy, which drops a category named `__proto__`.
          { type: 'result', origin: value.origin, point, scores: Object.fromEntries(Object.entries((json.value as { scores: CategoryScores }).scores)) }
        : { type: 'failure', origin: value.origin, point, error: value.error },
    );
  });
  return { header, records, torn, terminated };
}

/** The header line (with its newline) for a search. */
export function headerLine(identity: SearchIdentity): string {
  return `${JSON.stringify({ type: 'header', format: JOURNAL_FORMAT, version: JOURNAL_VERSION, ...identity })}\n`;
}

/**
 * The line (with its newline) acknowledging the torn line `torn.line`, so later reads accept it.
 * It must directly follow the torn line.
 */
export function tornMarkerLine(torn: TornLine): string {
  return `${JSON.stringify({ type: 'torn', line: torn.line, note: 'the line above was cut short by a kill and is ignored' })}\n`;
}

/**
 * The line (with its newline) recording an evaluation. `score` and `weights` are for people and
 * tools reading the journal; on resume the score is recomputed from the scores.
 */
export function recordLine(record: JournalRecord, extra: { score?: number; seconds: number; at: string }): string {
  const { point } = record;
  const common = {
    type: record.type,
    origin: record.origin,
    key: point.key,
    numerators: point.numerators,
    denominator: point.denominator,
    weights: point.weights.toRecord(),
  };
  const body =
    record.type === 'result'
      ? { ...common, scores: record.scores, score: extra.score }
      : { ...common, error: record.error };
  return `${JSON.stringify({ ...body, seconds: extra.seconds, at: extra.at })}\n`;
}

/** The canonical JSON of a value: object keys sorted, so field order never matters. */
function canonical(value: unknown): string {
  if (value === undefined) return 'unset';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Throws a JournalError listing every field where the journal's header differs from the search
 * being resumed.
 */
export function checkIdentity(found: SearchIdentity, wanted: SearchIdentity, name: string): void {
  const fields: (keyof SearchIdentity)[] = ['experts', 'objective', 'strategy', 'bounds', 'step', 'minStep', 'start'];
  const differences = fields
    .filter((field) => canonical(found[field]) !== canonical(wanted[field]))
    .map((field) => `${field} is ${canonical(found[field])} there but ${canonical(wanted[field])} here`);
  if (differences.length > 0) {
    throw new JournalError(
      `${name} belongs to another search (${differences.join('; ')}): resume with the same settings, or use a new journal`,
    );
  }
}
