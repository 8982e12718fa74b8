import { z } from 'zod';
import { checkSbatchOptions } from './sbatch_options.ts';
import { SlurmError } from './slurm_error.ts';

/** Where soce evaluates points: `local` (here, as child processes) or `slurm` (one batch job per point). */
export const EXECUTOR_KINDS = ['local', 'slurm'] as const;

/** Every point merged and scored on this machine, the evaluator run as a child process (the default). */
export interface LocalExecutorConfig {
  readonly kind: 'local';
}

/** Every point merged and scored by a Slurm batch job that runs the installed `soce` on a compute node. */
export interface SlurmExecutorConfig {
  readonly kind: 'slurm';
  /** The jobs' `sbatch` options, one per entry (`--partition=gpu`, `--gres=gpu:1`, `--time=04:00:00`). */
  readonly sbatch: readonly string[];
  /** Jobs in flight at once; `search.concurrency` by default. */
  readonly maxJobs?: number | undefined;
  /** Seconds between two looks at the jobs' states (default 10). */
  readonly poll: number;
  /** The jobs' working files (spec, scores, logs, soups): on storage this machine and the compute nodes both see. */
  readonly workDir: string;
  /** How a compute node starts soce (default `["soce"]`, the installed CLI on its PATH). */
  readonly soce: readonly string[];
  /** Shell lines each job runs first, e.g. `module load cuda/12.4` or `source /shared/venv/bin/activate`. */
  readonly setup: readonly string[];
}

/** Where points are evaluated (`executor:` of soce.yaml). */
export type ExecutorConfig = LocalExecutorConfig | SlurmExecutorConfig;

const sbatchSchema = z.array(z.string()).superRefine((options, ctx) => {
  try {
    checkSbatchOptions(options, 'sbatch');
  } catch (error) {
    if (!(error instanceof SlurmError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
  }
});

const slurmSchema = z.strictObject({
  kind: z.literal('slurm'),
  sbatch: sbatchSchema.default([]),
  maxJobs: z.number().int().min(1).optional(),
  poll: z.number().positive().max(3600).default(10),
  workDir: z.string({ error: 'give workDir: a directory on storage the compute nodes see too, e.g. /shared/soce-work' }).min(1),
  soce: z.array(z.string().min(1)).min(1, 'give how compute nodes start soce, e.g. ["soce"] or ["/shared/venv/bin/soce"]').default(['soce']),
  setup: z.array(z.string()).default([]),
});

/** The `executor:` key of soce.yaml: `{ kind: local }` by default. */
export const executorSchema: z.ZodType<ExecutorConfig> = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('local') }), slurmSchema], {
  error: `give kind: ${EXECUTOR_KINDS.join(' or ')} (e.g. executor: { kind: slurm, workDir: /shared/soce-work, sbatch: ["--time=04:00:00"] })`,
});

/** The keys `executor:` accepts, for "did you mean" hints. */
export const EXECUTOR_KEYS: readonly string[] = Object.keys(slurmSchema.shape);
