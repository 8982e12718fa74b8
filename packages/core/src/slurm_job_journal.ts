/**
 * The journal of a run's Slurm jobs (`OUT/slurm-jobs.jsonl`), appended to before and after each
 * `sbatch` and when a job ends, so that a soce killed at any moment finds its jobs again:
 *
 * ```jsonl
 * {"type":"run","run":"m3kq9x2a","at":"..."}
 * {"type":"submitting","job":"soce.m3kq9x2a.dev-a.500_b.500-…","split":"dev","weights":{"a":0.5,"b":0.5},"at":"..."}
 * {"type":"submitted","job":"soce.m3kq9x2a.dev-a.500_b.500-…","id":"41","at":"..."}
 * {"type":"ended","job":"soce.m3kq9x2a.dev-a.500_b.500-…","id":"41","state":"TIMEOUT","reason":"TimeLimit","log":"/shared/…/41.log","at":"..."}
 * ```
 *
 * A `submitting` line without its `submitted` line means soce died while sbatch ran: the job may
 * exist, and the run looks it up by its name. The scores themselves go to the search journals.
 * @module
 */
import { z } from 'zod';
import type { JournalStore } from '@soce/search';
import { JOB_STATES, type JobState } from './slurm_job_state.ts';
import { SlurmError } from './slurm_error.ts';

/** One submission of a point's job. */
export interface JournaledSubmission {
  readonly id: string;
  readonly cluster?: string;
  /** The final state it was recorded with, once it ended. */
  readonly ended?: JobState;
}

/** What the journal knows of one job name. */
export interface JournaledJob {
  /** Whether a submission was started (a `submitting` line), even if its id never got recorded. */
  readonly submitting: number;
  /** Submissions whose id was recorded, oldest first. */
  readonly submissions: readonly JournaledSubmission[];
}

/** A line of the journal. */
export type JobJournalLine =
  | { readonly type: 'run'; readonly run: string }
  | { readonly type: 'submitting'; readonly job: string; readonly split: string; readonly weights: Readonly<Record<string, number>> }
  | { readonly type: 'submitted'; readonly job: string; readonly id: string; readonly cluster?: string }
  | { readonly type: 'ended'; readonly job: string; readonly id: string; readonly state: JobState; readonly reason?: string; readonly log: string };

const lineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), run: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
  z.object({ type: z.literal('submitting'), job: z.string(), split: z.string(), weights: z.record(z.string(), z.number()) }),
  z.object({ type: z.literal('submitted'), job: z.string(), id: z.string(), cluster: z.string().optional() }),
  z.object({ type: z.literal('ended'), job: z.string(), id: z.string(), state: z.enum(JOB_STATES), reason: z.string().optional(), log: z.string() }),
]);

/** The journal of a run's jobs, read and open for appending. */
export class SlurmJobJournal {
  /** The run's name, the middle part of its jobs' names. */
  readonly run: string;
  readonly #store: JournalStore;
  readonly #jobs = new Map<string, { submitting: number; submissions: JournaledSubmission[] }>();
  #writes: Promise<void> = Promise.resolve();

  private constructor(store: JournalStore, run: string) {
    this.#store = store;
    this.run = run;
  }

  /**
   * Reads the journal in `store`, or starts it with a new run name from `newRun()`. A torn last
   * line (a kill mid-write) is ignored; any other damage is a SlurmError naming the line.
   */
  static async open(store: JournalStore, newRun: () => string): Promise<SlurmJobJournal> {
    const text = await store.readAll();
    const lines = text.split('\n');
    const torn = !text.endsWith('\n') && text !== '';
    const parsed: JobJournalLine[] = [];
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        if (torn && index === lines.length - 1) return;
        throw new SlurmError('unexpected-output', `${store.name}, line ${index + 1} is not JSON: the job journal is only appended to, so it was damaged; delete that line and rerun`);
      }
      const result = lineSchema.safeParse(json);
      if (!result.success) throw new SlurmError('unexpected-output', `${store.name}, line ${index + 1} is not a soce job journal record; delete that line and rerun`);
      parsed.push(result.data as JobJournalLine);
    });
    const first = parsed[0];
    const journal = new SlurmJobJournal(store, first?.type === 'run' ? first.run : newRun());
    for (const line of parsed) journal.#apply(line);
    let prefix = torn ? '\n' : '';
    if (first?.type !== 'run') {
      if (parsed.length > 0) throw new SlurmError('unexpected-output', `${store.name} does not start with its run line; delete the file only if no job of this run is still queued`);
      prefix += lineText({ type: 'run', run: journal.run });
    }
    if (prefix !== '') await journal.#append(prefix);
    return journal;
  }

  /** What is known of the job named `name`. */
  job(name: string): JournaledJob | undefined {
    return this.#jobs.get(name);
  }

  /** Appends `line`, durably, after every earlier append. */
  record(line: Exclude<JobJournalLine, { type: 'run' }>): Promise<void> {
    this.#apply(line);
    return this.#append(lineText(line));
  }

  #apply(line: JobJournalLine): void {
    if (line.type === 'run') return;
    const job = this.#jobs.get(line.job) ?? { submitting: 0, submissions: [] };
    this.#jobs.set(line.job, job);
    if (line.type === 'submitting') job.submitting += 1;
    else if (line.type === 'submitted') job.submissions.push({ id: line.id, ...(line.cluster === undefined ? {} : { cluster: line.cluster }) });
    else job.submissions = job.submissions.map((s) => (s.id === line.id ? { ...s, ended: line.state } : s));
  }

  #append(text: string): Promise<void> {
    const write = this.#writes.then(() => this.#store.append(text));
    this.#writes = write.catch(() => undefined);
    return write;
  }
}

function lineText(line: JobJournalLine): string {
  return `${JSON.stringify({ ...line, at: new Date().toISOString() })}\n`;
}
