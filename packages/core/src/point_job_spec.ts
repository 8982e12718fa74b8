/**
 * The spec of a point job: what `soce job run --spec <file>` merges and scores on a compute node.
 * It is the whole contract between the submitting soce and the job: JSON on storage both see.
 * @module
 */
import { z } from 'zod';
import { parseWithSchema, SoceError } from '@soce/common';
import { BACKEND_KINDS, FLOAT_DTYPE_NAMES, type BackendKind, type FloatDtypeName } from '@soce/tensors';
import { evaluatorConfigSchema, type EvaluatorConfig } from './run_config.ts';

/** The `format` field of every point job spec. */
export const POINT_JOB_FORMAT = 'soce-point-job';

/** One point to merge and score on a compute node. Every path is absolute. */
export interface PointJobSpec {
  readonly format: typeof POINT_JOB_FORMAT;
  readonly version: 1;
  /** Candidate name → checkpoint directory or `.safetensors` file. */
  readonly candidates: Readonly<Record<string, string>>;
  /** Candidate name → weight. */
  readonly weights: Readonly<Record<string, number>>;
  /** The merge backend to open on the compute node. */
  readonly backend: BackendKind;
  /** The soup's float type (the candidates' by default). */
  readonly outDtype?: FloatDtypeName | undefined;
  /** The soup is merged into a directory under here and deleted after its evaluation. */
  readonly soupDir: string;
  /** The benchmark command and how it reports scores. */
  readonly evaluator: EvaluatorConfig;
  /** The categories to score (the config's `categories`). */
  readonly categories?: readonly string[] | undefined;
  /** The evaluator's `{out}` files and logs. */
  readonly logDir: string;
  /** Where the job writes the scores, `{ category: number }`, once the evaluation succeeded. */
  readonly scores: string;
}

const specSchema = z.strictObject({
  format: z.literal(POINT_JOB_FORMAT),
  version: z.literal(1),
  candidates: z.record(z.string().min(1), z.string().min(1)),
  weights: z.record(z.string().min(1), z.number().nonnegative()),
  backend: z.enum(BACKEND_KINDS),
  outDtype: z.enum(FLOAT_DTYPE_NAMES).optional(),
  soupDir: z.string().min(1),
  evaluator: evaluatorConfigSchema,
  categories: z.array(z.string()).optional(),
  logDir: z.string().min(1),
  scores: z.string().min(1),
});

/** A point job's spec file is unreadable or invalid (written by another soce version, or damaged). */
export class PointJobError extends SoceError<'point-job'> {
  override readonly name = 'PointJobError';
  constructor(message: string) {
    super(message, { code: 'point-job', kind: 'input' });
  }
}

/** Reads and checks a point job's spec; `path` names it in errors. */
export function parsePointJobSpec(text: string, path: string): PointJobSpec {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PointJobError(`${path}: not JSON (${(error as Error).message}); soce writes this file when it submits the job: submit the point again`);
  }
  return parseWithSchema(specSchema, data, `${path}: not a ${POINT_JOB_FORMAT} spec of this soce version (install the same soce on the compute nodes)`, (message) => new PointJobError(message));
}

