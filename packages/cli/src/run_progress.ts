import { SingleBar } from 'cli-progress';
import type { PipelineEvent, PipelinePhase } from '@soce/core';
import type { CliIo } from './io.ts';

/** Follows a pipeline run for the person watching it. */
export interface RunProgress {
  /** Feed it the pipeline's events. */
  readonly listener: (event: PipelineEvent) => void;
  /** Evaluator calls made by this invocation (journaled ones from earlier runs not counted). */
  readonly fresh: () => number;
  /** Ends the live view. */
  stop(): void;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 90) return `${seconds.toFixed(1)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * A live view on a terminal (phase, evaluations done of planned, best so far, time per
 * evaluation, ETA) and plain log lines otherwise, so CI logs stay readable.
 */
export function createRunProgress(io: CliIo): RunProgress {
  let phase: PipelinePhase = 'analysis';
  let planned: number | undefined;
  let done = 0;
  let fresh = 0;
  // The best objective of each search: SoCE's, and the ablation's over all candidates.
  const bests = new Map<PipelinePhase, number>();
  let best: number | undefined;
  let seconds = 0;
  /** Slurm job id → its last state, for executor: slurm. */
  const jobs = new Map<string, string>();
  const jobCounts = (): string => {
    if (jobs.size === 0) return '';
    const states = [...jobs.values()];
    const count = (pick: (state: string) => boolean) => states.filter(pick).length;
    const waiting = count((s) => s === 'PENDING' || s === 'SUBMITTED' || s === 'ATTACHED');
    return ` | jobs ${waiting} pending, ${count((s) => s === 'RUNNING')} running, ${jobs.size - waiting - count((s) => s === 'RUNNING')} done`;
  };
  const stream = { isTTY: true, columns: 110, write: (text: string): boolean => { io.err(text); return true; } };
  const bar = io.interactive
    ? new SingleBar({
        stream: stream as unknown as NodeJS.WritableStream,
        format: '{phase} {bar} {value}/{planned} evaluations | best {best} | {perEval}/evaluation | ETA {eta}{jobs}',
        hideCursor: true,
        clearOnComplete: true,
      })
    : undefined;
  let barRunning = false;

  const payload = () => {
    const perEval = fresh === 0 ? Number.NaN : seconds / fresh;
    return {
      phase: phase.padEnd(10),
      planned: planned === undefined ? '?' : String(planned),
      best: best === undefined ? '-' : best.toFixed(2),
      perEval: formatDuration(perEval),
      eta: planned === undefined ? '?' : formatDuration(Math.max(planned - done, 0) * perEval),
      jobs: jobCounts(),
    };
  };
  const redraw = () => {
    if (bar === undefined) return;
    const total = Math.max(planned ?? done + 1, done, 1);
    if (!barRunning) {
      bar.start(total, done, payload());
      barRunning = true;
    } else {
      bar.setTotal(total);
      bar.update(done, payload());
    }
  };
  const line = (text: string) => {
    if (bar === undefined) io.err(`${text}\n`);
  };

  const listener = (event: PipelineEvent): void => {
    if (event.type === 'phase') {
      if (barRunning) {
        bar?.stop();
        barRunning = false;
      }
      phase = event.phase;
      best = bests.get(phase === 'ablation' ? 'ablation' : 'search');
      planned = undefined;
      done = 0;
      if (bar !== undefined) io.err(`${event.phase}: ${event.detail}\n`);
      line(`[${event.phase}] ${event.detail}`);
      return;
    }
    if (event.type === 'merge') return;
    if (event.type === 'job') {
      const { job, state, reason } = event.event;
      jobs.set(job.id, state);
      line(`[${phase}] Slurm job ${job.id} ${job.name}: ${state}${reason === undefined ? '' : ` (${reason})`}${jobCounts()}`);
      redraw();
      return;
    }
    const e = event.event;
    switch (e.type) {
      case 'plan':
        // A phase may plan in several rounds (Shapley asks for one coalition at a time): add up.
        planned = e.points === undefined ? undefined : (planned ?? 0) + e.points;
        done += e.cached;
        if (e.cached > 0) line(`[${phase}] ${e.cached} of ${e.points ?? '?'} points already in the journal`);
        redraw();
        break;
      case 'journal':
        if (e.evaluations > 0) line(`[${phase}] resuming ${e.name}: ${e.evaluations} evaluations journaled`);
        if (e.torn !== undefined) line(`[${phase}] ${e.name}: ignored a line cut short by a kill (line ${e.torn.line})`);
        break;
      case 'finished': {
        done += 1;
        fresh += 1;
        seconds += e.seconds;
        const evaluation = e.evaluation;
        if (evaluation.status === 'scored' && (best === undefined || evaluation.score > best) && (phase === 'search' || phase === 'ablation')) {
          best = evaluation.score;
          bests.set(phase, best);
        }
        const outcome = evaluation.status === 'scored' ? evaluation.score.toFixed(2) : `failed: ${evaluation.error}`;
        line(`[${phase}] ${evaluation.point.weights.toString()} → ${outcome} (${formatDuration(e.seconds)})${best === undefined ? '' : `; best ${best.toFixed(2)}`}`);
        redraw();
        break;
      }
      default:
        break;
    }
  };
  return {
    listener,
    fresh: () => fresh,
    stop: () => {
      if (barRunning) bar?.stop();
      barRunning = false;
    },
  };
}
