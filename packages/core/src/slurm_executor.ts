import type { AbortSignalLike, CategoryScores, JournalStore } from '@soce/search';
import { joinPath, writeTextFile, type BackendKind, type FileSystem, type FloatDtypeName } from '@soce/tensors';
import { EvaluationError } from './evaluation_error.ts';
import { evaluationId } from './evaluator.ts';
import type { EvaluationSplit, PointExecutor, PointRequest } from './point_executor.ts';
import { POINT_JOB_FORMAT, type PointJobSpec } from './point_job_spec.ts';
import type { ProcessRunner } from './process_runner.ts';
import type { EvaluatorConfig } from './run_config.ts';
import { SlurmClient, type SlurmJob, type SlurmJobStatus } from './slurm_client.ts';
import { SlurmJobJournal } from './slurm_job_journal.ts';
import { slurmJobName } from './slurm_job_name.ts';
import { isFinalState, type JobState } from './slurm_job_state.ts';

/** The evaluator a job runs for one split, as soce.yaml gives it. */
export interface SlurmEvaluator {
  readonly config: EvaluatorConfig;
  /** The config's `categories`, for the score reader. */
  readonly categories?: readonly string[] | undefined;
}

/** What a live view hears about the jobs: one event per change of a job's state. */
export interface SlurmJobEvent {
  readonly job: SlurmJob;
  readonly split: EvaluationSplit;
  /** `SUBMITTED` right after sbatch, `ATTACHED` when a rerun found the job, then Slurm's states. */
  readonly state: JobState | 'SUBMITTED' | 'ATTACHED';
  /** Slurm's reason (why it waits or how it ended). */
  readonly reason?: string;
}

/** Options for {@link SlurmExecutor}. */
export interface SlurmExecutorOptions {
  /** Writes the jobs' specs and reads their scores and logs: the submitting machine's view of `workDir`. */
  readonly fs: FileSystem;
  /** Runs sbatch, squeue, sacct and scancel. */
  readonly runner: ProcessRunner;
  /** The run's job journal (`OUT/slurm-jobs.jsonl`), opened at the first evaluation. */
  readonly journal: () => JournalStore;
  /** Absolute; on storage the compute nodes see: `<workDir>/<run>/` holds each run's job files. */
  readonly workDir: string;
  /** The jobs' `sbatch` options. */
  readonly sbatch: readonly string[];
  /** Shell lines each job runs first. */
  readonly setup?: readonly string[];
  /** How a compute node starts soce, e.g. `["soce"]`. */
  readonly soce: readonly string[];
  /** Seconds between two looks at the jobs' states. */
  readonly pollSeconds: number;
  /** Resubmissions of a point whose job was PREEMPTED or ended by a NODE_FAIL. */
  readonly retries: number;
  /** Candidate name → checkpoint (absolute, as the compute nodes see it). */
  readonly candidates: Readonly<Record<string, string>>;
  /** The merge backend the jobs open. */
  readonly backend: BackendKind;
  /** The soups' float type. */
  readonly outDtype?: FloatDtypeName | undefined;
  /** The evaluator of each split. */
  readonly evaluators: { readonly dev: SlurmEvaluator; readonly test?: SlurmEvaluator | undefined };
  /** Told whenever a job is submitted, found again or changes state. */
  readonly onJob?: (event: SlurmJobEvent) => void;
  /** A job Slurm says nothing of (no queue entry, no files) this long is given up as lost (default 120 s). */
  readonly lostAfterSeconds?: number;
}

/** Job states after which the point is submitted again (within `retries`): the job itself was not at fault. */
const RESUBMITTED: ReadonlySet<JobState> = new Set(['PREEMPTED', 'NODE_FAIL']);

interface Waiter {
  readonly job: SlurmJob;
  readonly split: EvaluationSplit;
  readonly resolve: (status: SlurmJobStatus) => void;
  readonly reject: (error: unknown) => void;
  state?: JobState;
  unknownSince?: number;
}

interface Opened {
  readonly journal: SlurmJobJournal;
  readonly client: SlurmClient;
  /** `<workDir>/<run>`. */
  readonly dir: string;
}

/**
 * Evaluates each point as one Slurm batch job: the job runs `soce job run --spec <file>` on a
 * compute node, which merges the soup there (no checkpoint crosses the login node) and runs the
 * evaluator, and writes the scores to a file under `workDir`. The run's job journal records every
 * submission before `sbatch` and its id right after, and jobs are named after the run and the
 * point, so a soce that was killed finds its jobs again when rerun: it waits for those still
 * pending or running and collects those that finished, and submits no point twice. Job failures
 * reject with Slurm's state, reason and the job's log, like any failed evaluation.
 */
export class SlurmExecutor implements PointExecutor {
  readonly kind = 'slurm';
  readonly #options: SlurmExecutorOptions;
  #opened: Promise<Opened> | undefined;
  /** Jobs of this process that have not ended: what an interruption cancels. */
  readonly #active = new Map<string, SlurmJob>();
  /** sbatch calls under way, awaited before cancelling so that no job escapes. */
  readonly #submitting = new Set<Promise<unknown>>();
  readonly #waiting = new Map<string, Waiter>();
  #polling = false;
  #stopped = false;

  constructor(options: SlurmExecutorOptions) {
    this.#options = options;
  }

  async evaluate(request: PointRequest): Promise<CategoryScores> {
    const { split, weights, signal } = request;
    const evaluator = this.#options.evaluators[split];
    if (evaluator === undefined) throw new EvaluationError(`no ${split} evaluator was given to the Slurm executor`);
    const opened = await this.#open();
    const name = slurmJobName({ run: opened.journal.run, point: `${split}-${evaluationId(weights)}` });
    const known = await this.#reattach(opened, name, split);
    let job = known.job;
    let resubmissions = known.resubmissions;
    for (;;) {
      job ??= await this.#submit(opened, name, split, weights, evaluator, signal);
      const status = await this.#wait(job, split, signal);
      this.#active.delete(job.id);
      await opened.journal.record({
        type: 'ended',
        job: name,
        id: job.id,
        state: status.state,
        ...(status.reason === undefined ? {} : { reason: status.reason }),
        log: status.log,
      });
      if (status.state === 'COMPLETED') return this.#scores(opened, name, status);
      const failure = await this.#failure(status);
      if (!RESUBMITTED.has(status.state) || resubmissions >= this.#options.retries) throw new EvaluationError(failure);
      resubmissions += 1;
      job = undefined;
    }
  }

  async interrupted(options: { readonly detach: boolean }): Promise<string | undefined> {
    this.#stopped = true;
    await Promise.allSettled([...this.#submitting]);
    const jobs = [...this.#active.values()];
    this.#active.clear();
    for (const waiter of this.#waiting.values()) waiter.reject(new Error('the run was interrupted'));
    this.#waiting.clear();
    if (jobs.length === 0 || this.#opened === undefined) return undefined;
    const ids = jobs.map((job) => job.id).join(', ');
    if (options.detach) return `left ${jobs.length} Slurm job(s) of this run running (${ids}): run the same command again to collect them`;
    await (await this.#opened).client.cancel(jobs);
    return `cancelled ${jobs.length} Slurm job(s) of this run with scancel (${ids})`;
  }

  #open(): Promise<Opened> {
    this.#opened ??= (async () => {
      const journal = await SlurmJobJournal.open(this.#options.journal(), newRunName);
      const dir = joinPath(this.#options.workDir, journal.run);
      const client = new SlurmClient({ runner: this.#options.runner, fs: this.#options.fs, jobDir: joinPath(dir, 'jobs') });
      return { journal, client, dir };
    })();
    return this.#opened;
  }

  /**
   * The job of an earlier soce process for `name`, if it submitted one: its last submission by
   * the journal, or, when soce died while sbatch ran, by the job's name.
   */
  async #reattach(opened: Opened, name: string, split: EvaluationSplit): Promise<{ job: SlurmJob | undefined; resubmissions: number }> {
    const known = opened.journal.job(name);
    if (known === undefined) return { job: undefined, resubmissions: 0 };
    const submissions: SlurmJob[] = known.submissions.map((s) => ({ id: s.id, name, ...(s.cluster === undefined ? {} : { cluster: s.cluster }) }));
    if (known.submitting > known.submissions.length) {
      for (const found of await opened.client.find(name)) {
        if (submissions.some((s) => s.id === found.job.id)) continue;
        submissions.push(found.job);
        await opened.journal.record({ type: 'submitted', job: name, id: found.job.id, ...(found.job.cluster === undefined ? {} : { cluster: found.job.cluster }) });
      }
      submissions.sort((a, b) => Number(a.id) - Number(b.id));
    }
    const job = submissions.at(-1);
    const resubmissions = known.submissions.filter((s) => s.ended !== undefined && RESUBMITTED.has(s.ended)).length;
    if (job === undefined) return { job: undefined, resubmissions };
    this.#active.set(job.id, job);
    this.#options.onJob?.({ job, split, state: 'ATTACHED' });
    return { job, resubmissions };
  }

  async #submit(opened: Opened, name: string, split: EvaluationSplit, weights: Readonly<Record<string, number>>, evaluator: SlurmEvaluator, signal: AbortSignalLike | undefined): Promise<SlurmJob> {
    if (this.#stopped || signal?.aborted) throw new Error('the run was interrupted');
    const points = joinPath(opened.dir, 'points');
    const spec: PointJobSpec = {
      format: POINT_JOB_FORMAT,
      version: 1,
      candidates: this.#options.candidates,
      weights,
      backend: this.#options.backend,
      ...(this.#options.outDtype === undefined ? {} : { outDtype: this.#options.outDtype }),
      soupDir: joinPath(opened.dir, 'soups'),
      evaluator: evaluator.config,
      ...(evaluator.categories === undefined ? {} : { categories: evaluator.categories }),
      logDir: joinPath(opened.dir, `evaluations/${split}`),
      scores: joinPath(points, `${name}.scores.json`),
    };
    const specPath = joinPath(points, `${name}.json`);
    await this.#options.fs.mkdir(points);
    await this.#options.fs.remove(spec.scores);
    await writeTextFile(this.#options.fs, specPath, `${JSON.stringify(spec, null, 2)}\n`);
    const submission = (async () => {
      await opened.journal.record({ type: 'submitting', job: name, split, weights });
      const job = await opened.client.submit({
        name,
        sbatch: this.#options.sbatch,
        ...(this.#options.setup === undefined ? {} : { setup: this.#options.setup }),
        commands: [[...this.#options.soce, 'job', 'run', '--spec', specPath]],
      });
      this.#active.set(job.id, job);
      await opened.journal.record({ type: 'submitted', job: name, id: job.id, ...(job.cluster === undefined ? {} : { cluster: job.cluster }) });
      this.#options.onJob?.({ job, split, state: 'SUBMITTED' });
      return job;
    })();
    this.#submitting.add(submission);
    try {
      return await submission;
    } finally {
      this.#submitting.delete(submission);
    }
  }

  /** Resolves when `job` reaches a final state; all waiting jobs share one squeue per poll. */
  #wait(job: SlurmJob, split: EvaluationSplit, signal: AbortSignalLike | undefined): Promise<SlurmJobStatus> {
    return new Promise((resolve, reject) => {
      if (this.#stopped || signal?.aborted) return reject(new Error('the run was interrupted'));
      // An aborted run stops waiting (and polling, once no job is waited for); the job stays
      // among the active ones, for `interrupted` to cancel or leave.
      const abort = (): void => {
        this.#waiting.delete(job.id);
        reject(new Error('the run was interrupted'));
      };
      signal?.addEventListener('abort', abort, { once: true });
      const settle = <T>(done: (value: T) => void) => (value: T): void => {
        signal?.removeEventListener('abort', abort);
        done(value);
      };
      this.#waiting.set(job.id, { job, split, resolve: settle(resolve), reject: settle(reject) });
      if (!this.#polling) void this.#poll();
    });
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    const opened = await this.#open();
    const lostAfterMs = (this.#options.lostAfterSeconds ?? 120) * 1000;
    let errors = 0;
    try {
      while (this.#waiting.size > 0 && !this.#stopped) {
        let statuses: Map<string, SlurmJobStatus> | undefined;
        try {
          statuses = await opened.client.status([...this.#waiting.values()].map((w) => w.job));
          errors = 0;
        } catch (error) {
          // A controller that does not answer for a while is not the jobs' failure; a lasting one is.
          errors += 1;
          if (errors >= 5) for (const waiter of this.#waiting.values()) waiter.reject(error);
          if (errors >= 5) this.#waiting.clear();
        }
        for (const waiter of statuses === undefined ? [] : [...this.#waiting.values()]) {
          const status = statuses!.get(waiter.job.id);
          if (status === undefined) {
            waiter.unknownSince ??= Date.now();
            if (Date.now() - waiter.unknownSince > lostAfterMs) {
              this.#waiting.delete(waiter.job.id);
              waiter.reject(new EvaluationError(`Slurm job ${waiter.job.id} (${waiter.job.name}) is lost: neither squeue, sacct nor its files under ${opened.client.jobDir} know it`));
            }
            continue;
          }
          waiter.unknownSince = undefined;
          if (waiter.state !== status.state) {
            waiter.state = status.state;
            this.#options.onJob?.({ job: waiter.job, split: waiter.split, state: status.state, ...(status.reason === undefined ? {} : { reason: status.reason }) });
          }
          if (isFinalState(status.state)) {
            this.#waiting.delete(waiter.job.id);
            waiter.resolve(status);
          }
        }
        if (this.#waiting.size > 0) await new Promise<void>((resolve) => setTimeout(() => resolve(), this.#options.pollSeconds * 1000));
      }
    } finally {
      this.#polling = false;
    }
    // A job may have started waiting while the last pause ran.
    if (this.#waiting.size > 0 && !this.#stopped) void this.#poll();
  }

  async #scores(opened: Opened, name: string, status: SlurmJobStatus): Promise<CategoryScores> {
    const path = joinPath(joinPath(opened.dir, 'points'), `${name}.scores.json`);
    if ((await this.#options.fs.kind(path)) !== 'file') {
      throw new EvaluationError(`Slurm job ${status.job.id} (${name}) COMPLETED but wrote no scores to ${path}; see its log ${status.log}`);
    }
    try {
      return JSON.parse(await this.#options.fs.readText(path)) as CategoryScores;
    } catch (error) {
      throw new EvaluationError(`Slurm job ${status.job.id} (${name}) wrote unreadable scores to ${path} (${(error as Error).message}); see its log ${status.log}`);
    }
  }

  /** The failure's sentence: the job, Slurm's state and reason, the end of its log and where the log is. */
  async #failure(status: SlurmJobStatus): Promise<string> {
    const { job } = status;
    let tail = '';
    if ((await this.#options.fs.kind(status.log)) === 'file') {
      const lines = (await this.#options.fs.readText(status.log)).trim().split('\n').filter((line) => line.trim() !== '');
      tail = lines.slice(-3).join(' | ').slice(-400);
    }
    const reason = status.reason === undefined ? '' : ` (${status.reason})`;
    return `Slurm job ${job.id} (${job.name}) ended ${status.state}${reason}${tail === '' ? '' : `: ${tail}`}; log: ${status.log}`;
  }
}

/** A new run's name: short, unique enough among one user's runs, valid in a job name. */
function newRunName(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}
