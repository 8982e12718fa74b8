import { SoceError } from '@soce/common';

/** Where an evaluation's output went, for messages that quote it. */
export interface EvaluationLog {
  /** The evaluation's log file (every attempt's command, exit, stdout and stderr). */
  readonly path: string;
  /** The last lines of that log, as written. */
  readonly tail: string;
}

/**
 * An evaluation of a soup that produced no scores: the command failed, timed out, or printed
 * something that is not a score table. The search records it in the journal and carries on. Code
 * `evaluation-failed`, kind `runtime`.
 */
export class EvaluationError extends SoceError<'evaluation-failed'> {
  override readonly name = 'EvaluationError';
  /** The evaluation's log, when it wrote one: quoted when the run stops for failures in a row. */
  readonly log: EvaluationLog | undefined;

  /** `message` should say which evaluation failed, how, and where its log is. */
  constructor(message: string, log?: EvaluationLog) {
    super(message, { code: 'evaluation-failed', kind: 'runtime' });
    this.log = log;
  }
}
