import { writeTextFile, type FileSystem } from '@soce/tensors';
import type { ProcessResult, ProcessRunner } from './process_runner.ts';
import { batchScript, type BatchJobSpec } from './slurm_batch_script.ts';
import { SlurmError } from './slurm_error.ts';
import { jobExitCodePath, jobIdsInDir, jobLogPath, jobScriptPath, parseExitCode, parseLogNotice } from './slurm_job_files.ts';
import { jobStateOf, type JobState } from './slurm_job_state.ts';
import {
  parseSacctOutput,
  parseSbatchOutput,
  parseSqueueOutput,
  SACCT_FORMAT,
  saysAccountingDisabled,
  saysControllerUnreachable,
  saysUnknownJobIds,
  SQUEUE_FORMAT,
  type ReportedJob,
} from './slurm_output.ts';

/** Options for {@link SlurmClient}. */
export interface SlurmClientOptions {
  /** Runs sbatch, squeue, sacct and scancel (Node: `nodeProcessRunner`, Deno: `denoProcessRunner`). */
  readonly runner: ProcessRunner;
  /** Writes batch scripts and reads the jobs' logs and exit-code files. */
  readonly fs: FileSystem;
  /** Where the jobs' scripts, logs and exit-code files live: absolute, on storage the compute nodes see. */
  readonly jobDir: string;
  /** How long one Slurm command may take; 60 s by default (a busy controller can be slow). */
  readonly commandTimeoutMs?: number;
}

/** A submitted job. */
export interface SlurmJob {
  readonly id: string;
  /** The job's name, which its files are named after. */
  readonly name: string;
  /** The cluster sbatch named, when it named one (`--clusters`); later commands then address it. */
  readonly cluster?: string;
}

/** Where a job's state was read. */
export type JobStateSource = 'squeue' | 'sacct' | 'exit-code file' | 'log';

/** A job's state, as soce sees it and as Slurm said it. */
export interface SlurmJobStatus {
  readonly job: SlurmJob;
  readonly state: JobState;
  /** Slurm's state word (`TIMEOUT`, `CANCELLED`, ...), or the state read from the job's files. */
  readonly slurmState: string;
  /** Why the job waits or ended: Slurm's reason (`Resources`, `TimeLimit`), its log notice, or the exit code. */
  readonly reason?: string;
  /** The exit code of the job's commands, when they ended by themselves. */
  readonly exitCode?: number;
  readonly source: JobStateSource;
  /** The job's log (stdout and stderr of its commands, and Slurm's notices). */
  readonly log: string;
}

/** How much of a log's end is searched for Slurm's notice: the notice is among the last lines. */
const LOG_TAIL_BYTES = 64 * 1024;

/**
 * Talks to Slurm through its commands (sbatch, squeue, sacct, scancel), run by a
 * {@link ProcessRunner}, so it works under Node and Deno and with any Slurm installation on PATH.
 * Job states come from squeue while slurmctld remembers the job, from sacct when the cluster keeps
 * accounting, and otherwise from the job's own exit-code file and log, so a job's fate is known
 * however long ago it ended.
 */
export class SlurmClient {
  readonly #options: SlurmClientOptions;
  readonly #timeoutMs: number;
  /** Whether sacct can be asked: unknown until it first answers or says accounting is disabled. */
  #accounting: boolean | undefined;

  constructor(options: SlurmClientOptions) {
    this.#options = options;
    this.#timeoutMs = options.commandTimeoutMs ?? 60_000;
  }

  /** The directory of the jobs' files. */
  get jobDir(): string {
    return this.#options.jobDir;
  }

  /**
   * Writes the job's batch script and submits it with `sbatch --parsable`. A SlurmError:
   * `submission-rejected` (input) when sbatch refuses the job, with sbatch's words;
   * `command-failed` when the controller cannot be reached.
   */
  async submit(spec: BatchJobSpec): Promise<SlurmJob> {
    const script = await this.#writeScript(spec);
    const result = await this.#run(['sbatch', '--parsable', script]);
    if (result.exitCode !== 0) throw this.#sbatchFailure(result, spec.name);
    return { ...parseSbatchOutput(result.stdout), name: spec.name };
  }

  /**
   * Asks sbatch whether it would accept the job (`sbatch --test-only`) without submitting it, so a
   * wrong partition or option fails before any work starts. Throws as {@link submit} does.
   */
  async check(spec: BatchJobSpec): Promise<void> {
    const script = await this.#writeScript(spec);
    const result = await this.#run(['sbatch', '--test-only', script]);
    if (result.exitCode !== 0) throw this.#sbatchFailure(result, spec.name);
  }

  /**
   * The states of `jobs`, by job id. A job that no source knows (Slurm forgot it, no accounting,
   * and it left neither an exit code nor Slurm's notice in its log: killed with its node, or its
   * files not yet visible on shared storage) is absent from the map; the caller decides how long
   * to wait for it.
   */
  async status(jobs: readonly SlurmJob[]): Promise<Map<string, SlurmJobStatus>> {
    const found = new Map<string, SlurmJobStatus>();
    for (const [cluster, group] of byCluster(jobs)) {
      const reported = await this.#squeue(cluster, ['--jobs', group.map((job) => job.id).join(',')]);
      await this.#collect(found, group, reported, 'squeue');
    }
    const missing = jobs.filter((job) => !found.has(job.id));
    if (missing.length > 0 && (await this.accounting())) {
      for (const [cluster, group] of byCluster(missing)) {
        const reported = await this.#sacct(cluster, ['--jobs', group.map((job) => job.id).join(',')]);
        await this.#collect(found, group, reported ?? [], 'sacct');
      }
    }
    for (const job of jobs) {
      if (found.has(job.id)) continue;
      const status = await this.#fromFiles(job);
      if (status !== undefined) found.set(job.id, status);
    }
    return found;
  }

  /**
   * Every submission of the job named `name` that Slurm or the job directory knows, oldest first:
   * how a rerun finds a job whose id it never recorded. Only the caller's own jobs count (squeue
   * `--me`; sacct shows no one else's), so another user's job of the same name is not mistaken
   * for this run's.
   */
  async find(name: string): Promise<SlurmJobStatus[]> {
    const statuses = new Map<string, SlurmJobStatus>();
    const reported = (await this.#squeue(undefined, ['--me', '--name', name])).filter((job) => job.name === name);
    const jobsOf = (list: readonly ReportedJob[]): SlurmJob[] => list.map((job) => ({ id: job.id, name }));
    await this.#collect(statuses, jobsOf(reported), reported, 'squeue');
    if (await this.accounting()) {
      const accounted = ((await this.#sacct(undefined, ['--name', name, '--starttime', 'now-30days'])) ?? []).filter((job) => job.name === name);
      const unseen = accounted.filter((job) => !statuses.has(job.id));
      await this.#collect(statuses, jobsOf(unseen), unseen, 'sacct');
    }
    const dir = this.#options.jobDir;
    const entries = (await this.#options.fs.kind(dir)) === 'directory' ? await this.#options.fs.list(dir) : [];
    for (const id of jobIdsInDir(entries, name)) {
      if (statuses.has(id)) continue;
      const status = await this.#fromFiles({ id, name });
      if (status !== undefined) statuses.set(id, status);
    }
    return [...statuses.values()].sort((a, b) => Number(a.job.id) - Number(b.job.id));
  }

  /**
   * Cancels `jobs` (`scancel`): Slurm sends SIGTERM, then SIGKILL after its KillWait. Jobs that
   * already ended are fine. A SlurmError (`command-failed`) when scancel fails.
   */
  async cancel(jobs: readonly SlurmJob[]): Promise<void> {
    for (const [cluster, group] of byCluster(jobs)) {
      const result = await this.#run(['scancel', ...clusterArgs(cluster), ...group.map((job) => job.id)]);
      if (result.exitCode !== 0) throw failure('scancel', result);
    }
  }

  /** Whether the cluster keeps accounting, so that sacct knows jobs slurmctld has forgotten. */
  async accounting(): Promise<boolean> {
    if (this.#accounting === undefined) await this.#sacct(undefined, ['--jobs', '1']);
    return this.#accounting === true;
  }

  async #writeScript(spec: BatchJobSpec): Promise<string> {
    const text = batchScript(spec, this.#options.jobDir);
    await this.#options.fs.mkdir(this.#options.jobDir);
    const path = jobScriptPath(this.#options.jobDir, spec.name);
    await writeTextFile(this.#options.fs, path, text);
    return path;
  }

  #sbatchFailure(result: ProcessResult, name: string): SlurmError {
    const words = result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`;
    if (saysControllerUnreachable(words)) return failure('sbatch', result);
    return new SlurmError('submission-rejected', `sbatch refused job ${name}: ${words}`);
  }

  async #run(argv: readonly string[]): Promise<ProcessResult> {
    const result = await this.#options.runner.run({ argv, timeoutMs: this.#timeoutMs });
    if (result.spawnError !== undefined) {
      throw new SlurmError('command-unavailable', `${argv[0]} could not start (${result.spawnError}): is Slurm's client installed and on PATH?`);
    }
    if (result.timedOut) throw new SlurmError('command-failed', `${argv[0]} did not answer within ${this.#timeoutMs / 1000} s: is slurmctld overloaded?`);
    return result;
  }

  async #squeue(cluster: string | undefined, select: readonly string[]): Promise<ReportedJob[]> {
    const result = await this.#run(['squeue', ...clusterArgs(cluster), '--noheader', '--states=all', `--format=${SQUEUE_FORMAT}`, ...select]);
    if (result.exitCode === 0) return parseSqueueOutput(result.stdout);
    if (saysUnknownJobIds(result.stderr)) return [];
    throw failure('squeue', result);
  }

  /** sacct's report, or undefined when the cluster keeps no accounting or sacct cannot answer now. */
  async #sacct(cluster: string | undefined, select: readonly string[]): Promise<ReportedJob[] | undefined> {
    if (this.#accounting === false) return undefined;
    const result = await this.#run(['sacct', ...clusterArgs(cluster), '--noheader', '--parsable2', '--allocations', `--format=${SACCT_FORMAT}`, ...select]);
    if (saysAccountingDisabled(result.stderr)) {
      this.#accounting = false;
      return undefined;
    }
    // slurmdbd down or slow: the job's files still tell its fate, so this is not fatal.
    if (result.exitCode !== 0) return undefined;
    this.#accounting = true;
    return parseSacctOutput(result.stdout);
  }

  /** Adds the statuses of `jobs` that `reported` knows in a state soce understands. */
  async #collect(into: Map<string, SlurmJobStatus>, jobs: readonly SlurmJob[], reported: readonly ReportedJob[], source: JobStateSource): Promise<void> {
    const byId = new Map(reported.map((job) => [job.id, job]));
    for (const job of jobs) {
      const report = byId.get(job.id);
      const state = report === undefined ? undefined : jobStateOf(report.slurmState);
      if (report === undefined || state === undefined) continue;
      // squeue does not tell the exit code: the job's file does, once it ended by itself.
      const exitCode = report.exitCode ?? (state === 'COMPLETED' || state === 'FAILED' ? await this.#exitCode(job) : undefined);
      into.set(job.id, {
        job,
        state,
        slurmState: report.slurmState,
        ...(report.reason === undefined ? {} : { reason: report.reason }),
        ...(exitCode === undefined ? {} : { exitCode }),
        source,
        log: this.#log(job),
      });
    }
  }

  async #exitCode(job: SlurmJob): Promise<number | undefined> {
    const path = jobExitCodePath(this.#options.jobDir, job.name, job.id);
    if ((await this.#options.fs.kind(path)) !== 'file') return undefined;
    return parseExitCode(await this.#options.fs.readText(path), path);
  }

  async #fromFiles(job: SlurmJob): Promise<SlurmJobStatus | undefined> {
    const log = this.#log(job);
    const exitCode = await this.#exitCode(job);
    if (exitCode !== undefined) {
      const state: JobState = exitCode === 0 ? 'COMPLETED' : 'FAILED';
      return { job, state, slurmState: state, ...(exitCode === 0 ? {} : { reason: `exit code ${exitCode}` }), exitCode, source: 'exit-code file', log };
    }
    const notice = parseLogNotice(await this.#logTail(log));
    if (notice === undefined) return undefined;
    return { job, state: notice.state, slurmState: notice.state, reason: notice.reason, source: 'log', log };
  }

  async #logTail(path: string): Promise<string> {
    if ((await this.#options.fs.kind(path)) !== 'file') return '';
    const file = await this.#options.fs.openRead(path);
    try {
      const length = Math.min(file.size, LOG_TAIL_BYTES);
      return new TextDecoder().decode(await file.read(file.size - length, length));
    } finally {
      await file.close();
    }
  }

  #log(job: SlurmJob): string {
    return jobLogPath(this.#options.jobDir, job.name, job.id);
  }
}

function byCluster(jobs: readonly SlurmJob[]): Map<string | undefined, SlurmJob[]> {
  const groups = new Map<string | undefined, SlurmJob[]>();
  for (const job of jobs) groups.set(job.cluster, [...(groups.get(job.cluster) ?? []), job]);
  return groups;
}

function clusterArgs(cluster: string | undefined): string[] {
  return cluster === undefined ? [] : ['--clusters', cluster];
}

function failure(command: string, result: ProcessResult): SlurmError {
  const words = result.stderr.trim() || result.stdout.trim() || 'no message';
  return new SlurmError('command-failed', `${command} failed with exit code ${result.exitCode ?? 'none'}: ${words}`);
}
