import { SingleBar } from 'cli-progress';
import { formatByteSize, type MergeProgress } from '@soce/tensors';
import type { CliIo } from './io.ts';

/** Shows a merge's progress; `stop()` must be called whatever happens. */
export interface ProgressDisplay {
  /** Records the merge's latest progress. */
  update(progress: MergeProgress): void;
  /** Removes the live display. */
  stop(): void;
}

/**
 * A progress bar (bytes, rate, ETA) on standard error when it is a terminal; nothing otherwise, so
 * CI logs and pipes stay clean.
 */
export function createProgressDisplay(io: CliIo, now: () => number = () => performance.now()): ProgressDisplay {
  if (!io.interactive) return { update: () => undefined, stop: () => undefined };
  // cli-progress writes escape codes to a stream; this one forwards them to the CLI's stderr.
  const stream = { isTTY: true, columns: 100, write: (text: string): boolean => { io.err(text); return true; } };
  const bar = new SingleBar({
    stream: stream as unknown as NodeJS.WritableStream,
    format: 'merging {bar} {percentage}% | {done} of {size} | {rate}/s | ETA {eta_formatted} | {tensors} tensors',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  });
  const started = now();
  let running = false;
  return {
    update(progress) {
      const payload = {
        done: formatByteSize(progress.bytesDone),
        size: formatByteSize(progress.bytesTotal),
        rate: formatByteSize(Math.round(progress.bytesDone / Math.max((now() - started) / 1000, 1e-3))),
        tensors: `${progress.tensorsDone}/${progress.tensorsTotal}`,
      };
      if (!running) {
        bar.start(progress.bytesTotal, progress.bytesDone, payload);
        running = true;
      } else {
        bar.update(progress.bytesDone, payload);
      }
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
