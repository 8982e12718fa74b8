import type { CategoryScores } from '@soce/search';
import type { CorrelationMethod, ExpertMode, WeakPair } from '@soce/stats';

/**
 * Everything a SoCE report shows, as plain data: the pipeline fills it, renderers (the CLI's HTML
 * report, a notebook, a dashboard) draw it. Numbers are the run's own; nothing here is formatted.
 */

/** A correlation matrix over categories; `null` where a pair had too little data or no variance. */
export interface CorrelationView {
  /** Category names, the order of rows and columns. */
  readonly categories: readonly string[];
  /** Correlation coefficients, `categories.length` square. */
  readonly r: readonly (readonly (number | null)[])[];
  /** The number of models each coefficient used. */
  readonly n: readonly (readonly number[])[];
}

/** One τ of the sweep that helps users choose it. */
export interface TauSweepRow {
  /** The threshold. */
  readonly tau: number;
  /** How many categories are weakly correlated at this τ. */
  readonly weakCount: number;
  /** The experts the method would pick at this τ. */
  readonly experts: readonly string[];
}

/** The analysis half of SoCE: correlation, weak categories, experts. */
export interface AnalysisView {
  /** Correlation of category scores across the population of models. */
  readonly correlation: CorrelationView;
  /** Pearson or Spearman. */
  readonly method: CorrelationMethod;
  /** How many models the population had. */
  readonly populationSize: number;
  /** The threshold used. */
  readonly tau: number;
  /** The paper's literal rule or category clusters. */
  readonly mode: ExpertMode;
  /** The weakly correlated categories `L`. */
  readonly weak: readonly string[];
  /** The pairs with |r| < τ that make them weak: renderers outline these rather than re-apply τ. */
  readonly weakPairs: readonly WeakPair[];
  /** Category clusters, in cluster mode. */
  readonly clusters?: readonly (readonly string[])[];
  /** |L| and experts for a range of τ. */
  readonly tauSweep: readonly TauSweepRow[];
  /** Each expert and the categories it wins. */
  readonly experts: readonly { readonly model: string; readonly categories: readonly string[] }[];
}

/** One evaluation of the weight search, in the order it finished. */
export interface TracePoint {
  /** 1-based position in the trace. */
  readonly index: number;
  /** The soup's weights. */
  readonly weights: Readonly<Record<string, number>>;
  /** The objective, or `null` when the evaluation failed. */
  readonly objective: number | null;
  /** The best objective so far (including this point). */
  readonly bestSoFar: number | null;
  /** Which strategy proposed the point. */
  readonly phase: string;
  /** Why the evaluation failed, if it did. */
  readonly error?: string;
}

/** The weight search: where it went and what it found. */
export interface SearchView {
  /** grid, coordinate or grid+coordinate. */
  readonly strategy: string;
  /** The experts whose weights were searched. */
  readonly experts: readonly string[];
  /** Every evaluated point. */
  readonly trace: readonly TracePoint[];
  /** The best point. */
  readonly best: {
    readonly weights: Readonly<Record<string, number>>;
    readonly objective: number;
    readonly scores: CategoryScores;
  };
}

/** Shapley values of the candidate models in the soup game. */
export interface ShapleyView {
  /** The players, in display order. */
  readonly players: readonly string[];
  /** φ per player. */
  readonly values: Readonly<Record<string, number>>;
  /**
   * Standard errors when the values were sampled (`null` for a player when too few permutations
   * were drawn to estimate one); absent when exact.
   */
  readonly standardErrors?: Readonly<Record<string, number | null>>;
  /** How many coalition soups were evaluated. */
  readonly coalitions: number;
}

/** A row of the comparison table (the paper's Table 1). */
export interface ComparisonEntry {
  /**
   * What the row is: a candidate, or one of the reference soups (`searchAll`: the same weight
   * search as SoCE's over every candidate, when the run asked for that ablation).
   */
  readonly kind: 'candidate' | 'bestSingle' | 'uniformAll' | 'uniformExperts' | 'searchAll' | 'soce';
  /** A display name: the candidate's name, or a description of the soup. */
  readonly name: string;
  /** The soup's weights (a single candidate has weight 1). */
  readonly weights: Readonly<Record<string, number>>;
  /** Total over categories on the dev split (the one weights were chosen on); null if not scored. */
  readonly dev: number | null;
  /** Total over categories on the test split; null if there is none. */
  readonly test: number | null;
  /** Per-category scores on each split. */
  readonly categories: { readonly dev: CategoryScores | null; readonly test: CategoryScores | null };
}

/** The paper's Table 1 for the user's own run. */
export interface ComparisonView {
  /** Category names, the order of per-category columns. */
  readonly categories: readonly string[];
  /** Every candidate, then best single, uniform soups, the search over all candidates (if run) and SoCE. */
  readonly rows: readonly ComparisonEntry[];
}

/** The whole report. Sections are absent when the run did not produce them. */
export interface ReportModel {
  /** A heading for the report. */
  readonly title: string;
  /** When the report was made (ISO 8601). */
  readonly createdAt: string;
  /** The tool and version that made it. */
  readonly tool: string;
  /** The candidate models. */
  readonly candidates: readonly string[];
  /** Correlation, weak categories, experts. */
  readonly analysis?: AnalysisView;
  /** Correlation of the evaluated soups' category scores, beside the candidates' (consistency). */
  readonly consistency?: {
    readonly before: CorrelationView;
    readonly after: CorrelationView;
    readonly meanBefore: number | null;
    readonly meanAfter: number | null;
  };
  /** The weight search. */
  readonly search?: SearchView;
  /** Shapley values. */
  readonly shapley?: ShapleyView;
  /** Best single, uniform soups and SoCE on dev and test. */
  readonly comparison?: ComparisonView;
}
