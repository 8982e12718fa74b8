import { z } from 'zod';
import { ScoreTableError } from './score_table_error.ts';

/** A column of the input that did not become a category, and why (shown so users can select it). */
export interface IgnoredColumn {
  /** The column's header. */
  readonly column: string;
  /** Why it was left out, in words. */
  readonly reason: string;
}

/** The parts of a score table, as `ScoreTable.create` takes them. */
export interface ScoreTableInit {
  /** The file name or other label the scores came from; every message about the table names it. */
  readonly source: string;
  /** The model names, unique, in table order. */
  readonly models: readonly string[];
  /** The category names, unique, in table order. */
  readonly categories: readonly string[];
  /** `scores[m][c]`: the score of `models[m]` on `categories[c]`, `null` when missing. */
  readonly scores: readonly (readonly (number | null)[])[];
  /** The input columns category detection left out, and why (informational). */
  readonly ignoredColumns?: readonly IgnoredColumn[];
}

const name = z.string().min(1, 'must not be empty');
const initSchema = z.object({
  source: z.string(),
  models: z.array(name).min(1, 'needs at least one model'),
  categories: z.array(name).min(1, 'needs at least one category'),
  scores: z.array(z.array(z.number().finite().nullable())),
  ignoredColumns: z.array(z.object({ column: z.string(), reason: z.string() })).optional(),
});

/**
 * Scores of models on benchmark categories: a models × categories grid where cells may be
 * missing. Immutable; built only through `ScoreTable.create` (or the CSV/JSON parsers), which
 * guarantee unique non-empty names, a rectangular grid and finite scores.
 */
export class ScoreTable {
  /** The file name or other label the scores came from. */
  readonly source: string;
  /** The model names in table order. */
  readonly models: readonly string[];
  /** The category names in table order. */
  readonly categories: readonly string[];
  /** The input columns category detection left out, and why; empty when categories were selected. */
  readonly ignoredColumns: readonly IgnoredColumn[];
  // NaN marks a missing score: it can never be a stored score since scores are finite.
  readonly #grid: Float64Array;
  readonly #modelIndex: ReadonlyMap<string, number>;
  readonly #categoryIndex: ReadonlyMap<string, number>;

  private constructor(init: ScoreTableInit, grid: Float64Array) {
    this.source = init.source;
    this.models = Object.freeze([...init.models]);
    this.categories = Object.freeze([...init.categories]);
    this.ignoredColumns = Object.freeze([...(init.ignoredColumns ?? [])]);
    this.#grid = grid;
    this.#modelIndex = new Map(this.models.map((m, i) => [m, i]));
    this.#categoryIndex = new Map(this.categories.map((c, i) => [c, i]));
  }

  /** Validates `init` and builds the table; throws `ScoreTableError` naming what is wrong. */
  static create(init: ScoreTableInit): ScoreTable {
    const source = typeof init?.source === 'string' ? init.source : 'score table';
    const parsed = initSchema.safeParse(init);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      throw new ScoreTableError({ source }, `invalid table${where === '' ? '' : ` at ${where.replace(/^\./, '')}`}: ${issue?.message ?? 'unknown problem'}`);
    }
    const { models, categories, scores } = parsed.data;
    firstDuplicate(models, (dup) => new ScoreTableError({ source, model: dup }, `model "${dup}" appears twice; give each model one row`));
    firstDuplicate(categories, (dup) => new ScoreTableError({ source, column: dup }, `category "${dup}" appears twice; give each category one column`));
    if (scores.length !== models.length) {
      throw new ScoreTableError({ source }, `${models.length} models but ${scores.length} rows of scores; give one row of scores per model`);
    }
    const grid = new Float64Array(models.length * categories.length);
    scores.forEach((row, m) => {
      if (row.length !== categories.length) {
        throw new ScoreTableError({ source, model: models[m] }, `${row.length} scores for ${categories.length} categories; give one score (or null) per category`);
      }
      row.forEach((value, c) => {
        grid[m * categories.length + c] = value ?? Number.NaN;
      });
    });
    return new ScoreTable({ ...init, source }, grid);
  }

  /** Whether the table has a row for `model`. */
  hasModel(model: string): boolean {
    return this.#modelIndex.has(model);
  }

  /** The score of `model` on `category`, `null` when missing; throws for an unknown name. */
  score(model: string, category: string): number | null {
    return this.#at(this.#model(model), this.#category(category));
  }

  /** The scores of `model` in category order (`null` when missing). */
  row(model: string): (number | null)[] {
    const m = this.#model(model);
    return this.categories.map((_, c) => this.#at(m, c));
  }

  /** The scores on `category` of `models` (all models by default), in that order. */
  column(category: string, models: readonly string[] = this.models): (number | null)[] {
    const c = this.#category(category);
    return models.map((model) => this.#at(this.#model(model), c));
  }

  /**
   * The mean of `model`'s scores over the categories it has a score for, or `null` when it has
   * none. Used to break ties between experts, so it is over the table's categories only.
   */
  meanScore(model: string): number | null {
    const values = this.row(model).filter((v): v is number => v !== null);
    if (values.length === 0) return null;
    let sum = 0;
    for (const v of values) sum += v;
    return sum / values.length;
  }

  /** The same table restricted to `categories`, in the order given. */
  selectCategories(categories: readonly string[]): ScoreTable {
    const indices = categories.map((c) => this.#category(c));
    return ScoreTable.create({
      source: this.source,
      models: this.models,
      categories,
      scores: this.models.map((_, m) => indices.map((c) => this.#at(m, c))),
      ignoredColumns: this.ignoredColumns,
    });
  }

  #at(m: number, c: number): number | null {
    const value = this.#grid[m * this.categories.length + c];
    return value === undefined || Number.isNaN(value) ? null : value;
  }

  #model(model: string): number {
    const m = this.#modelIndex.get(model);
    if (m === undefined) throw new ScoreTableError({ source: this.source, model }, 'no such model in the table');
    return m;
  }

  #category(category: string): number {
    const c = this.#categoryIndex.get(category);
    if (c === undefined) throw new ScoreTableError({ source: this.source, column: category }, `no such category; the categories are ${this.categories.map((x) => `"${x}"`).join(', ')}`);
    return c;
  }
}

function firstDuplicate(names: readonly string[], error: (dup: string) => Error): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw error(n);
    seen.add(n);
  }
}
