/**
 * The evaluation session: the one place that calls the evaluator. It keeps a cache keyed by exact
 * points, loads it from the journal and appends every finished evaluation to it, runs at most
 * `concurrency` evaluations at once, charges budgets, and reports progress. Strategies and
 * arbitrary point lists (coalition soups for Shapley values) both go through it, so no point is
 * ever evaluated twice — not in one run, not across a kill and a resume.
 */
import { z } from 'zod';
import { parseWithSchema } from '@soce/common';
import { SearchOptionsError, WeightsError } from './errors.ts';
import type {
  Evaluation,
  EvaluationOrigin,
  WeightsEvaluator,
  FailedEvaluation,
  ProgressEvent,
  ScoredEvaluation,
  TornLine,
} from './evaluation.ts';
import { checkIdentity, headerLine, parseJournal, recordLine, tornMarkerLine, type JournalRecord, type SearchIdentity } from './journal.ts';
import { memoryJournalStore, type JournalStore } from './journal_store.ts';
import { Limiter } from './limiter.ts';
import { resolveObjective, type CategoryScores, type Objective, type ResolvedObjective } from './objective.ts';
import { resolveSearchSpec, type ResolvedSearch, type SearchSpec } from './search_spec.ts';
import { abortReason, onAbort, type AbortSignalLike } from './signal.ts';
import { SimplexPoint } from './simplex_point.ts';
import type { SessionEngine } from './session_engine.ts';
import { runSearch, type SearchResult } from './strategies.ts';
import { checkExperts } from './weights.ts';

/** Everything a session needs. */
export interface SearchSessionOptions {
  /** The experts, in the order of every point and of the journal. */
  readonly experts: readonly string[];
  /** Scores a soup per category. */
  readonly evaluator: WeightsEvaluator;
  /** What to maximise; default `'sum'` (the paper's total over categories). */
  readonly objective?: Objective;
  /** The search's strategy, step, bounds; identifies the journal. */
  readonly search?: SearchSpec;
  /** Where evaluations are journaled; default an in-memory store (nothing survives the process). */
  readonly journal?: JournalStore;
  /** At most this many evaluator calls in flight; default 1. */
  readonly concurrency?: number;
  /** Re-evaluate points the journal records as failed (once per session); default false. */
  readonly retryFailed?: boolean;
  /** Receives progress events. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Aborts the session: running calls are abandoned (and not journaled), no new ones start. */
  readonly signal?: AbortSignalLike;
}

/** Options of one call that evaluates points. */
export interface BudgetOptions {
  /**
   * At most this many evaluator calls for this kind of call (search, or point lists), counting
   * those an earlier run journaled, so a resumed search stops exactly where an uninterrupted one
   * would. Default: no limit.
   */
  readonly budget?: number;
}

const optionsSchema = z.object({
  concurrency: z.number().int().min(1).optional(),
  retryFailed: z.boolean().optional(),
  evaluator: z.custom<WeightsEvaluator>((v) => typeof v === 'function', 'evaluator must be a function'),
});
const budgetSchema = z.object({ budget: z.number().int().min(0).optional() });

type Settled = ScoredEvaluation | FailedEvaluation;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Rejects as soon as `signal` fires, whatever `promise` does. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignalLike | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) reject(abortReason(signal));
    const unsubscribe = onAbort(signal, () => reject(abortReason(signal)));
    promise.then(
      (value) => {
        unsubscribe();
        resolve(value);
      },
      (error: unknown) => {
        unsubscribe();
        reject(error);
      },
    );
  });
}

/**
 * An open journal and the cache it fed. Open one with {@link openSearchSession}; run the search
 * with `search()` and evaluate any other exact points (e.g. coalition soups) with `evaluate()`.
 */
export class SearchSession {
  /** The experts of every point of this session. */
  readonly experts: readonly string[];
  /** The journal header this session writes or resumed. */
  readonly identity: SearchIdentity;
  /** The torn last line the journal had when opened, if any (it is ignored). */
  readonly torn: TornLine | undefined;

  readonly #options: SearchSessionOptions;
  readonly #store: JournalStore;
  readonly #objective: ResolvedObjective;
  readonly #search: ResolvedSearch;
  readonly #limiter: Limiter;
  readonly #cache = new Map<string, Settled>();
  readonly #running = new Map<string, Promise<Settled>>();
  readonly #stale = new Set<string>();
  readonly #spent: Record<EvaluationOrigin, number> = { search: 0, points: 0 };
  #categories: string | undefined;
  #writes: Promise<void> = Promise.resolve();

  private constructor(
    options: SearchSessionOptions,
    store: JournalStore,
    objective: ResolvedObjective,
    search: ResolvedSearch,
    torn: TornLine | undefined,
    concurrency: number,
  ) {
    this.#options = options;
    this.#store = store;
    this.#objective = objective;
    this.#search = search;
    this.experts = search.bounds.experts;
    this.identity = search.identity;
    this.torn = torn;
    this.#limiter = new Limiter(concurrency);
  }

  /** See {@link openSearchSession}. */
  static async open(options: SearchSessionOptions): Promise<SearchSession> {
    const experts = checkExperts(options.experts);
    const { concurrency } = parseWithSchema(optionsSchema, options, 'options', (message) => new SearchOptionsError(message));
    const objective = resolveObjective(options.objective);
    const search = resolveSearchSpec(experts, options.search ?? {}, objective.identity);
    const store = options.journal ?? memoryJournalStore();
    if (options.signal?.aborted) throw abortReason(options.signal);
    const parsed = parseJournal(await store.readAll(), store.name);
    if (parsed.header !== undefined) checkIdentity(parsed.header, search.identity, store.name);
    const session = new SearchSession(options, store, objective, search, parsed.torn, concurrency ?? 1);
    // Whatever must precede the first new record: end a line cut short, acknowledge a torn
    // line (so later reads accept it), write the header of a new journal.
    let prefix = parsed.terminated ? '' : '\n';
    if (parsed.torn !== undefined) prefix += tornMarkerLine(parsed.torn);
    if (parsed.header === undefined) prefix += headerLine(search.identity);
    if (prefix !== '') await session.#append(prefix);
    session.#load(parsed.records);
    options.onProgress?.({ type: 'journal', name: store.name, evaluations: parsed.records.length, torn: parsed.torn });
    return session;
  }

  /** Loads journaled evaluations into the cache (a later result of a point wins over failures). */
  #load(records: readonly JournalRecord[]): void {
    for (const record of records) {
      this.#spent[record.origin] += 1;
      const { point } = record;
      const previous = this.#cache.get(point.key);
      if (record.type === 'result') {
        if (previous?.status === 'scored') continue;
        this.#cache.set(point.key, this.#settle(point, record.scores, true));
        this.#stale.delete(point.key);
      } else if (previous === undefined || previous.status === 'failed') {
        this.#cache.set(point.key, { status: 'failed', point, error: record.error, cached: true });
        if (this.#options.retryFailed === true) this.#stale.add(point.key);
      }
    }
  }

  /** Evaluations in the cache (journaled or done in this session). */
  get evaluations(): number {
    return this.#cache.size;
  }

  /** The cached evaluation of `point`, if any (no evaluator call). */
  lookup(point: SimplexPoint): ScoredEvaluation | FailedEvaluation | undefined {
    const settled = this.#cache.get(point.key);
    return settled === undefined ? undefined : { ...settled, cached: true };
  }

  /**
   * Runs the configured search (resuming from the journal) and resolves with its result. A
   * budget caps its evaluator calls, journaled ones included.
   */
  async search(options: BudgetOptions = {}): Promise<SearchResult> {
    const { budget } = parseWithSchema(budgetSchema, options, 'search options', (message) => new SearchOptionsError(message));
    return runSearch(this.#engine(), this.#search, budget ?? Infinity);
  }

  /**
   * Evaluates arbitrary exact points over this session's experts — any weights, zeros included,
   * bounds not applied — through the same cache and journal; resolves with one evaluation per
   * point, in order. Duplicates are evaluated once.
   */
  async evaluate(points: readonly SimplexPoint[], options: BudgetOptions = {}): Promise<Evaluation[]> {
    const { budget } = parseWithSchema(budgetSchema, options, 'evaluate options', (message) => new SearchOptionsError(message));
    const expected = this.experts.join('\u0000');
    points.forEach((point, i) => {
      if (!(point instanceof SimplexPoint) || point.experts.join('\u0000') !== expected) {
        throw new WeightsError(`point #${i + 1} is not an exact point over the experts ${this.experts.join(', ')}, in that order`);
      }
    });
    const engine = this.#engine();
    const distinct = new Map(points.map((p) => [p.key, p]));
    engine.emit({
      type: 'plan',
      phase: 'points',
      points: distinct.size,
      cached: [...distinct.values()].filter((p) => engine.isCached(p)).length,
    });
    return engine.request(points, 'points', budget ?? Infinity);
  }

  #engine(): SessionEngine {
    return {
      concurrency: this.#limiter.limit,
      request: (points, origin, budget, onEach) =>
        Promise.all(
          points.map((point) => {
            const evaluation = this.#request(point, origin, budget);
            return onEach === undefined ? evaluation : evaluation.then((e) => (onEach(e), e));
          }),
        ),
      isCached: (point) => this.#cache.has(point.key) && !this.#stale.has(point.key),
      spent: (origin) => this.#spent[origin],
      emit: (event) => this.#options.onProgress?.(event),
    };
  }

  /** One point: from the cache, from a call already running, or a new call if the budget allows. */
  #request(point: SimplexPoint, origin: EvaluationOrigin, budget: number): Promise<Evaluation> {
    const signal = this.#options.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const cached = this.#cache.get(point.key);
    if (cached !== undefined && !this.#stale.has(point.key)) return Promise.resolve({ ...cached, cached: true });
    const running = this.#running.get(point.key);
    if (running !== undefined) return running.then((settled) => ({ ...settled, cached: true }));
    if (this.#spent[origin] >= budget) return Promise.resolve({ status: 'skipped', point });
    this.#spent[origin] += 1;
    this.#stale.delete(point.key);
    const call = this.#limiter.run(() => this.#call(point, origin), signal);
    this.#running.set(point.key, call);
    const forget = (): void => {
      this.#running.delete(point.key);
    };
    call.then(forget, forget);
    return call;
  }

  /** Calls the evaluator for `point`, scores and journals the outcome, caches it. */
  async #call(point: SimplexPoint, origin: EvaluationOrigin): Promise<Settled> {
    const signal = this.#options.signal;
    this.#options.onProgress?.({ type: 'started', point, running: this.#limiter.running });
    const began = performance.now();
    let settled: Settled;
    try {
      const scores = await raceAbort(Promise.resolve().then(() => this.#options.evaluator(point.weights, { point, signal })), signal);
      settled = this.#settle(point, scores, false);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      settled = { status: 'failed', point, error: messageOf(error), cached: false };
    }
    const seconds = (performance.now() - began) / 1000;
    const record: JournalRecord =
      settled.status === 'scored'
        ? { type: 'result', origin, point, scores: settled.scores }
        : { type: 'failure', origin, point, error: settled.error };
    await this.#append(
      recordLine(record, {
        ...(settled.status === 'scored' ? { score: settled.score } : {}),
        seconds: Math.round(seconds * 1000) / 1000,
        at: new Date().toISOString(),
      }),
    );
    if (signal?.aborted) throw abortReason(signal);
    this.#cache.set(point.key, settled);
    this.#options.onProgress?.({ type: 'finished', evaluation: settled, running: this.#limiter.running - 1, seconds });
    return settled;
  }

  /**
   * Checks what an evaluator returned and scores it: a record of finite numbers over the same
   * categories as every other evaluation of this journal. Anything else is a failed evaluation.
   */
  #settle(point: SimplexPoint, raw: unknown, cached: boolean): Settled {
    const fail = (error: string): FailedEvaluation => ({ status: 'failed', point, error, cached });
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return fail(`the evaluator returned ${Array.isArray(raw) ? 'an array' : String(raw)}, not per-category scores { category: score }`);
    }
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.length === 0) return fail('the evaluator returned no category scores');
    for (const [category, value] of entries) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return fail(`the evaluator returned ${String(value)} for category '${category}': scores must be finite numbers`);
      }
    }
    const categories = JSON.stringify(entries.map(([c]) => c).sort());
    if (this.#categories === undefined) this.#categories = categories;
    else if (categories !== this.#categories) {
      const expected = JSON.parse(this.#categories) as string[];
      const got = entries.map(([c]) => c);
      const missing = expected.filter((c) => !got.includes(c));
      const extra = got.filter((c) => !expected.includes(c));
      return fail(
        `the evaluator returned other categories than before (${[
          missing.length > 0 ? `missing ${missing.join(', ')}` : '',
          extra.length > 0 ? `new ${extra.join(', ')}` : '',
        ].filter(Boolean).join('; ')}): every evaluation must score the same categories`,
      );
    }
    const scores = Object.freeze(Object.fromEntries(entries)) as CategoryScores;
    try {
      return { status: 'scored', point, scores, score: this.#objective.score(scores), cached };
    } catch (error) {
      return fail(`objective: ${messageOf(error)}`);
    }
  }

  /** Appends to the journal, one write at a time, in call order. */
  async #append(text: string): Promise<void> {
    const write = this.#writes.then(() => this.#store.append(text));
    this.#writes = write.catch(() => undefined);
    await write;
  }
}

/**
 * Opens (or resumes) a search session: checks every option, reads the journal, refuses one that
 * belongs to another search, acknowledges a torn last line, writes the header if the journal is
 * new, and loads the journaled evaluations into the cache.
 * @example
 * ```ts
 * import { coalitionPoint, memoryJournalStore, openSearchSession } from '@soce/search';
 *
 * const experts = ['xlam', 'toolace', 'watt'];
 * // Stands in for "merge the experts with these weights and benchmark the soup".
 * const evaluator = async (weights: { get(expert: string): number }) => ({ live: 70 + 10 * weights.get('xlam') });
 *
 * // A file journal (`fileJournalStore` of @soce/search/node or /deno) makes the session resumable.
 * const session = await openSearchSession({ experts, evaluator, journal: memoryJournalStore() });
 * const [pair] = await session.evaluate([coalitionPoint(experts, ['xlam', 'watt'])]);
 * console.log(pair?.status === 'scored' ? pair.score : pair); // 75: xlam 0.5, watt 0.5
 * ```
 */
export function openSearchSession(options: SearchSessionOptions): Promise<SearchSession> {
  return SearchSession.open(options);
}

/**
 * Opens a session and runs its search: the one-call way to search weights.
 * @example
 * ```ts
 * import { searchWeights } from '@soce/search';
 *
 * // A toy evaluator whose total peaks at the weights the SoCE paper found for BFCL 8B.
 * const peak: Record<string, number> = { xlam: 0.7, toolace: 0.2, watt: 0.1 };
 * const result = await searchWeights({
 *   experts: ['xlam', 'toolace', 'watt'],
 *   evaluator: async (weights) => ({
 *     live: 100 - 100 * Object.keys(peak).reduce((sum, e) => sum + (weights.get(e) - peak[e]!) ** 2, 0),
 *   }),
 *   search: { strategy: 'grid', step: 0.1, bounds: { min: 0.1, max: 0.9 } },
 * });
 * console.log(result.best?.point.key, result.evaluations); // '7,2,1/10' 37
 * ```
 */
export async function searchWeights(options: SearchSessionOptions & BudgetOptions): Promise<SearchResult> {
  const session = await openSearchSession(options);
  return session.search(options.budget === undefined ? {} : { budget: options.budget });
}

/**
 * Opens a session and evaluates `points` (e.g. coalition soups) through its cache and journal:
 * the one-call way to score arbitrary exact points.
 */
export async function evaluatePoints(
  points: readonly SimplexPoint[],
  options: SearchSessionOptions & BudgetOptions,
): Promise<Evaluation[]> {
  const session = await openSearchSession(options);
  return session.evaluate(points, options.budget === undefined ? {} : { budget: options.budget });
}
