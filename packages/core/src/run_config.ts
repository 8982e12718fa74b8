import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { schemaErrorMessage, SoceError } from '@soce/common';
import { boundsSpecSchema, DEFAULT_STEP, DEFAULT_STRATEGY, OBJECTIVE_NAMES, STRATEGIES, type BoundsSpec, type ObjectiveName, type Strategy } from '@soce/search';
import { CORRELATION_METHODS, didYouMean, EXPERT_MODES, isTau, POPULATIONS, TAU_RANGE_MESSAGE, type CorrelationMethod, type ExpertMode, type Population } from '@soce/stats';
import { BACKEND_KINDS, FLOAT_DTYPE_NAMES, type BackendKind, type FloatDtypeName } from '@soce/tensors';
import { SCORE_FORMATS, type ScoreFormat } from './evaluator_scores.ts';
import { EXECUTOR_KEYS, executorSchema, type ExecutorConfig } from './executor_config.ts';

/**
 * A `soce.yaml` (or JSON) file was unreadable or invalid; the message names the file, the key and
 * the fix. Code `config`, kind `input`.
 */
export class ConfigError extends SoceError<'config'> {
  override readonly name = 'ConfigError';
  /** `message` should start with the file and name the key. */
  constructor(message: string) {
    super(message, { code: 'config', kind: 'input' });
  }
}

const positive = z.number().positive();

const searchSchema = z.strictObject({
  strategy: z.enum(STRATEGIES).default(DEFAULT_STRATEGY),
  step: positive.max(1).default(DEFAULT_STEP),
  bounds: boundsSpecSchema.default({}),
  concurrency: z.number().int().min(1).default(1),
  budget: z.number().int().min(1).optional(),
});

/** Keys of older soce.yaml files, and where they went. */
const RENAMED_KEYS: Readonly<Record<string, string>> = {
  'search.min': 'search.bounds.min, as the search library calls it: search: { bounds: { min: 0.1, max: 0.9 } }',
  'search.max': 'search.bounds.max, as the search library calls it: search: { bounds: { min: 0.1, max: 0.9 } }',
};

const evaluatorSchema = z.strictObject({
  command: z.array(z.string()).min(1, 'give the program and its arguments, e.g. ["python3", "eval.py", "{model}", "{out}"]'),
  timeout: positive.default(3600),
  retries: z.number().int().min(0).default(0),
  format: z.enum(SCORE_FORMATS).default('json'),
  metrics: z.record(z.string().min(1), z.string().min(1, 'name the metric as lm-eval keys it, e.g. "exact_match,custom-extract"')).optional(),
  model: z.string().min(1).optional(),
  env: z.record(z.string(), z.string()).optional(),
  maxConsecutiveFailures: z.number().int().min(1).optional(),
});

/** The `evaluator:` key, also what a Slurm job's spec carries to the compute node. */
export const evaluatorConfigSchema: z.ZodType<EvaluatorConfig> = evaluatorSchema;

const objectiveSchema = z.union([
  z.enum(OBJECTIVE_NAMES),
  z.strictObject({ weights: z.record(z.string(), z.number().nonnegative()) }),
]);

const shapleySchema = z.strictObject({
  players: z.array(z.string()).min(1).optional(),
  budget: z.number().int().min(1).optional(),
  seed: z.number().int().default(1),
});

/** How to run the benchmark on a soup (see `createCommandEvaluator`). */
export interface EvaluatorConfig {
  /** argv template with `{model}`, `{out}` and `{slot}` (0 … search.concurrency − 1); run without a shell. */
  readonly command: readonly string[];
  /** Seconds before an evaluation is killed (default 3600). */
  readonly timeout: number;
  /** Further attempts after a failure (default 0). */
  readonly retries: number;
  /** How the command reports scores: `json` (default), `lm-eval` or `bfcl`. */
  readonly format: ScoreFormat;
  /** `lm-eval` only: task or group → its metric as lm-eval keys it (`"exact_match,custom-extract"`). */
  readonly metrics?: Readonly<Record<string, string>> | undefined;
  /** `bfcl` only: the model's row in a score file of several, as its `Model` column names it. */
  readonly model?: string | undefined;
  /** Variables added to the command's environment; `{slot}` in a value is the evaluation's slot (e.g. `CUDA_VISIBLE_DEVICES: "{slot}"`). */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** `evaluator` only: stop the run after this many failed evaluations in a row (3 when absent). */
  readonly maxConsecutiveFailures?: number | undefined;
}

/** A validated `soce.yaml`, defaults filled in. Paths are as written in the file. */
export interface RunConfig {
  /** Candidate name → checkpoint directory or `.safetensors` file (at least two). */
  readonly candidates: Readonly<Record<string, string>>;
  /** A score table (CSV/JSON) of the candidates and, optionally, a wider population. */
  readonly scores?: string | undefined;
  /** Correlate over `all` models of the table (default, the paper's) or the `candidates` only. */
  readonly population: Population;
  /** The table's category columns (names, globs, /regex/); detected when absent. */
  readonly categories?: readonly string[] | undefined;
  /** The weak-correlation threshold (default 0.2; 0.6 in cluster mode, see `defaultTau`). */
  readonly tau?: number | undefined;
  /** `paper`: an expert per weak category (default); `cluster`: per category cluster. */
  readonly mode: ExpertMode;
  /** The correlation coefficient (default pearson). */
  readonly method: CorrelationMethod;
  /** Keep at most this many experts. */
  readonly maxExperts?: number | undefined;
  /** The experts to soup, skipping the analysis's choice. */
  readonly experts?: readonly string[] | undefined;
  /** The weight search. */
  readonly search: {
    readonly strategy: Strategy;
    readonly step: number;
    /** Bounds of the weights (default: every weight in [0.1, 0.9], the paper's). */
    readonly bounds: BoundsSpec;
    readonly concurrency: number;
    readonly budget?: number | undefined;
  };
  /** Scores soups on the split the weights are chosen on. */
  readonly evaluator: EvaluatorConfig;
  /** Scores the comparison table's soups on a held-out split. */
  readonly testEvaluator?: EvaluatorConfig | undefined;
  /** What the search maximises (default `sum` over categories). */
  readonly objective: ObjectiveName | { readonly weights: Readonly<Record<string, number>> };
  /**
   * `soce shapley`: the players (all candidates by default), a cap on coalition soups (exact
   * values when all fit, sampling otherwise) and the sampler's seed.
   */
  readonly shapley: { readonly players?: readonly string[] | undefined; readonly budget?: number | undefined; readonly seed: number };
  /** The run's directory: journals, report, analysis, the final soup. */
  readonly out: string;
  /** Keep every evaluated soup instead of deleting it after its evaluation. */
  readonly keepSoups: boolean;
  /** The merge backend. */
  readonly backend: BackendKind;
  /** The soups' float type (the candidates' by default). */
  readonly outDtype?: FloatDtypeName | undefined;
  /** Where points are merged and scored: here (`local`, the default) or as Slurm jobs. */
  readonly executor: ExecutorConfig;
}

const runConfigSchema = z.strictObject({
  candidates: z.record(z.string().min(1), z.string().min(1)).refine((c) => Object.keys(c).length >= 2, {
    message: 'list at least two candidates (name: checkpoint directory or .safetensors file)',
  }),
  scores: z.string().optional(),
  population: z.enum(POPULATIONS).default('all'),
  categories: z.array(z.string()).min(1).optional(),
  tau: z.number().refine(isTau, `τ must be ${TAU_RANGE_MESSAGE}`).optional(),
  mode: z.enum(EXPERT_MODES).default('paper'),
  method: z.enum(CORRELATION_METHODS).default('pearson'),
  maxExperts: z.number().int().min(1).optional(),
  experts: z.array(z.string()).min(1).optional(),
  search: searchSchema.default(searchSchema.parse({})),
  evaluator: evaluatorSchema,
  testEvaluator: evaluatorSchema.optional(),
  objective: objectiveSchema.default('sum'),
  shapley: shapleySchema.default(shapleySchema.parse({})),
  out: z.string().min(1),
  keepSoups: z.boolean().default(false),
  backend: z.enum(BACKEND_KINDS).default('auto'),
  outDtype: z.enum(FLOAT_DTYPE_NAMES).optional(),
  executor: executorSchema.default({ kind: 'local' }),
});


/** The keys each level of the config accepts, for "did you mean" hints. */
const knownKeys: Record<string, readonly string[]> = {
  '': Object.keys(runConfigSchema.shape),
  search: Object.keys(searchSchema.shape),
  evaluator: Object.keys(evaluatorSchema.shape),
  testEvaluator: Object.keys(evaluatorSchema.shape),
  shapley: Object.keys(shapleySchema.shape),
  executor: EXECUTOR_KEYS,
};

/**
 * Parses and validates a run configuration (YAML or JSON text). Errors name the file, the key and
 * what to write instead; an unknown key comes with the closest known one.
 */
export function parseRunConfig(text: string, source: string): RunConfig {
  let data: unknown;
  try {
    // Warnings (an unresolved tag, say) would print to the console; errors throw below.
    data = parseYaml(text, { logLevel: 'error' });
  } catch (error) {
    throw new ConfigError(`${source}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`${source}: expected a mapping of settings (candidates:, evaluator:, out:, ...)`);
  }
  const parsed = runConfigSchema.safeParse(data);
  if (!parsed.success) {
    const unknownKeyHint = (key: string, path: string): string => {
      if (path === 'executor' && EXECUTOR_KEYS.includes(key)) return ': only executor kind: slurm takes it; set kind: slurm or remove it';
      const renamed = RENAMED_KEYS[path === '' ? key : `${path}.${key}`];
      return renamed === undefined ? didYouMean(key, knownKeys[path] ?? []) : `: renamed to ${renamed}`;
    };
    throw new ConfigError(schemaErrorMessage(parsed.error, `${source}: invalid configuration`, { unknownKeyHint }));
  }
  const config: RunConfig = parsed.data;
  const { min, max } = config.search.bounds;
  if (min !== undefined && max !== undefined && min > max) {
    throw new ConfigError(`${source}: search.bounds.min (${min}) is above search.bounds.max (${max}); swap them`);
  }
  if (config.experts) {
    for (const expert of config.experts) {
      if (!(expert in config.candidates)) {
        const candidates = Object.keys(config.candidates);
        throw new ConfigError(
          `${source}: experts: "${expert}" is not among the candidates (${candidates.join(', ')})${didYouMean(expert, candidates)}`,
        );
      }
    }
  }
  for (const player of config.shapley.players ?? []) {
    if (!(player in config.candidates)) {
      const candidates = Object.keys(config.candidates);
      throw new ConfigError(`${source}: shapley.players: "${player}" is not among the candidates (${candidates.join(', ')})${didYouMean(player, candidates)}`);
    }
  }
  for (const key of ['evaluator', 'testEvaluator'] as const) {
    const evaluator = config[key];
    if (evaluator?.metrics !== undefined && evaluator.format !== 'lm-eval') {
      throw new ConfigError(`${source}: ${key}.metrics names lm-eval metrics, but ${key}.format is ${evaluator.format}; set format: lm-eval or drop metrics`);
    }
    for (const name of Object.keys(evaluator?.env ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new ConfigError(`${source}: ${key}.env: "${name}" is not a variable name; name environment variables with letters, digits and _, e.g. CUDA_VISIBLE_DEVICES`);
      }
    }
    if (evaluator?.model !== undefined && evaluator.format !== 'bfcl') {
      throw new ConfigError(`${source}: ${key}.model picks a row of BFCL's score file, but ${key}.format is ${evaluator.format}; set format: bfcl or drop model`);
    }
  }
  if (config.testEvaluator?.maxConsecutiveFailures !== undefined) {
    throw new ConfigError(`${source}: testEvaluator.maxConsecutiveFailures: one limit covers every evaluation of a run; set evaluator.maxConsecutiveFailures instead`);
  }
  if (!config.experts && !config.scores) {
    throw new ConfigError(`${source}: give either "scores" (a score table to pick experts from) or "experts" (the models to soup)`);
  }
  return config;
}
