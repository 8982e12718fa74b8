import type { AbortSignalLike, JournalStore, Objective, ProgressEvent } from '@soce/search';
import type { FileSystem, FloatDtype, MergeBackend, MergeSummary } from '@soce/tensors';
import type { CheckpointEvaluator } from './evaluator.ts';
import type { PointExecutor } from './point_executor.ts';
import type { SlurmJobEvent } from './slurm_executor.ts';

/** The phases of a SoCE run, in order. */
export type PipelinePhase = 'analysis' | 'search' | 'ablation' | 'comparison' | 'shapley' | 'soup' | 'report';

/** What a live view hears from a running pipeline. */
export type PipelineEvent =
  /** A phase begins. */
  | { readonly type: 'phase'; readonly phase: PipelinePhase; readonly detail: string }
  /** The weight search, the comparison or the Shapley phase evaluated (or planned) something. */
  | { readonly type: 'evaluation'; readonly phase: PipelinePhase; readonly event: ProgressEvent }
  /** A soup was merged (for a point, or the final one). */
  | { readonly type: 'merge'; readonly summary: MergeSummary }
  /** A Slurm job of a point was submitted, found again by a rerun, or changed state. */
  | { readonly type: 'job'; readonly event: SlurmJobEvent };

/**
 * Everything the pipeline's steps share: where checkpoints are and where results go, how to merge
 * and how to evaluate. The CLI builds it from `soce.yaml`; SDK users build it in code.
 */
export interface PipelineContext {
  /** File access (`@soce/tensors/node`, `@soce/tensors/deno`, or in memory). */
  readonly fs: FileSystem;
  /** The run's directory: journals, `analysis.json`, `report.json`, the final `soup/`. */
  readonly out: string;
  /** Candidate name → checkpoint directory or `.safetensors` file. */
  readonly candidates: Readonly<Record<string, string>>;
  /** Merges soups. */
  readonly backend: MergeBackend;
  /** Scores a soup on the split weights are chosen on (dev). */
  readonly evaluate: CheckpointEvaluator;
  /** Scores a soup on a held-out split, for the comparison table only; none by default. */
  readonly evaluateTest?: CheckpointEvaluator;
  /** Opens the append-only store of a journal at a path (Node/Deno `fileJournalStore`). */
  readonly openJournal: (path: string) => JournalStore;
  /** What the search maximises; `sum` over categories by default (the paper's). */
  readonly objective?: Objective;
  /** Evaluations in flight at once (each holds one soup on disk); 1 by default. */
  readonly concurrency?: number;
  /** Keep every evaluated soup under `out/soups/` instead of deleting it after its evaluation. */
  readonly keepSoups?: boolean;
  /**
   * Evaluate again the points the journals record as failed (once per session), e.g. after fixing
   * a broken evaluator; by default a journaled failure is final, so a rerun does not pay for it.
   */
  readonly retryFailed?: boolean;
  /** The soups' float type; the candidates' by default. */
  readonly outDtype?: FloatDtype;
  /**
   * Where points are merged and scored: here, with `evaluate`/`evaluateTest`, by default; a
   * `SlurmExecutor` runs each as a batch job on a cluster instead.
   */
  readonly executor?: PointExecutor;
  /** Receives progress. */
  readonly onProgress?: (event: PipelineEvent) => void;
  /** Stops the run between evaluations (journaled work is kept for `--resume`). */
  readonly signal?: AbortSignalLike;
}

/** The files of a run's directory. */
export const RUN_FILES = {
  searchJournal: 'journal.jsonl',
  searchAllJournal: 'search-all.jsonl',
  candidateJournal: 'candidates.jsonl',
  testJournal: 'test-journal.jsonl',
  analysis: 'analysis.json',
  report: 'report.json',
  reportHtml: 'report.html',
  soups: 'soups',
  soup: 'soup',
  logs: 'evaluations',
  slurmJobs: 'slurm-jobs.jsonl',
} as const;
