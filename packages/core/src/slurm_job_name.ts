import { SlurmError } from './slurm_error.ts';

/** What a soce job's name says: which run submitted it and which point it evaluates. */
export interface SlurmJobLabel {
  /** The run: letters, digits, `_` and `-` (no `.`, which separates the parts). */
  readonly run: string;
  /** The point: letters, digits, `_`, `-` and `.`. */
  readonly point: string;
}

const PREFIX = 'soce.';
const RUN = /^[A-Za-z0-9_-]{1,64}$/;
const POINT = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * The name of the job that evaluates `point` for `run`: `soce.<run>.<point>`. It is the same on
 * every submission, so a rerun finds the job (`squeue --name`) even when its id was never
 * recorded. Both parts are file-name safe because the job's files are named after it, and contain
 * no `,`, which `squeue --name` reads as a list separator. A SlurmError (`bad-job-name`) otherwise.
 */
export function slurmJobName(label: SlurmJobLabel): string {
  if (!RUN.test(label.run)) {
    throw new SlurmError('bad-job-name', `run name ${JSON.stringify(label.run)}: use 1 to 64 letters, digits, "_" or "-"`);
  }
  if (!POINT.test(label.point) || label.point.startsWith('.')) {
    throw new SlurmError('bad-job-name', `point name ${JSON.stringify(label.point)}: use 1 to 128 letters, digits, "_", "-" or "." (not first)`);
  }
  return `${PREFIX}${label.run}.${label.point}`;
}

/** The run and point of a job name made by {@link slurmJobName}; undefined for any other name. */
export function parseSlurmJobName(name: string): SlurmJobLabel | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  const rest = name.slice(PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot < 0) return undefined;
  const label = { run: rest.slice(0, dot), point: rest.slice(dot + 1) };
  return RUN.test(label.run) && POINT.test(label.point) && !label.point.startsWith('.') ? label : undefined;
}
