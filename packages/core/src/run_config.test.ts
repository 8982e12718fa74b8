import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ConfigError, parseRunConfig } from './run_config.ts';

const MINIMAL = `
candidates:
  xlam: ./models/xLAM-2-8b-fc-r
  toolace: ./models/ToolACE-2-8B
  watt: ./models/watt-tool-8B
scores: ./bfcl-v3.csv
evaluator:
  command: [python3, eval.py, "{model}", "{out}"]
out: ./soce-run
`;

/** Parses `text` expecting a ConfigError whose message names the file and matches `message`. */
function rejects(text: string, message: RegExp): void {
  assert.throws(
    () => parseRunConfig(text, 'runs/soce.yaml'),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.name, 'ConfigError');
      assert.match(error.message, /^runs\/soce\.yaml: /);
      assert.match(error.message, message);
      return true;
    },
  );
}

test('a minimal soce.yaml gets every default filled in', () => {
  const config = parseRunConfig(MINIMAL, 'soce.yaml');
  assert.deepEqual(config, {
    candidates: { xlam: './models/xLAM-2-8b-fc-r', toolace: './models/ToolACE-2-8B', watt: './models/watt-tool-8B' },
    scores: './bfcl-v3.csv',
    population: 'all',
    mode: 'paper',
    method: 'pearson',
    search: { strategy: 'grid', step: 0.1, bounds: {}, concurrency: 1 },
    evaluator: { command: ['python3', 'eval.py', '{model}', '{out}'], timeout: 3600, retries: 0, format: 'json' },
    objective: 'sum',
    shapley: { seed: 1 },
    out: './soce-run',
    keepSoups: false,
    backend: 'auto',
    executor: { kind: 'local' },
  });
  assert.deepEqual(Object.keys(config.candidates), ['xlam', 'toolace', 'watt'], 'candidates keep the order of the file');
});

test('every key set in YAML is kept as written', () => {
  const config = parseRunConfig(
    `
candidates: { xlam: ./x, toolace: ./t, watt: ./w, coalm: ./c }
scores: ./bfcl.csv
population: candidates
categories: [Live Acc, "Multi Turn*", "/Relevance/"]
tau: 0.35
mode: cluster
method: spearman
maxExperts: 3
experts: [xlam, watt]
search: { strategy: grid+coordinate, step: 0.05, bounds: { min: 0.05, max: 0.95, perExpert: { xlam: { min: 0.3 } } }, concurrency: 2, budget: 40 }
evaluator: { command: [lm_eval, --model_args, "pretrained={model}", --output_path, "{out}"], timeout: 7200, retries: 2, format: lm-eval }
testEvaluator: { command: [bfcl, evaluate, "{model}"], format: bfcl }
objective: { weights: { Live Acc: 2, Multi Turn Acc: 1 } }
shapley: { players: [xlam, toolace, watt], budget: 6, seed: 7 }
out: ./run
keepSoups: true
backend: cpu
outDtype: bf16
`,
    'soce.yaml',
  );
  assert.equal(config.population, 'candidates');
  assert.deepEqual(config.categories, ['Live Acc', 'Multi Turn*', '/Relevance/']);
  assert.equal(config.tau, 0.35);
  assert.equal(config.mode, 'cluster');
  assert.equal(config.method, 'spearman');
  assert.equal(config.maxExperts, 3);
  assert.deepEqual(config.experts, ['xlam', 'watt']);
  assert.deepEqual(config.search, { strategy: 'grid+coordinate', step: 0.05, bounds: { min: 0.05, max: 0.95, perExpert: { xlam: { min: 0.3 } } }, concurrency: 2, budget: 40 });
  assert.deepEqual(config.evaluator, {
    command: ['lm_eval', '--model_args', 'pretrained={model}', '--output_path', '{out}'],
    timeout: 7200,
    retries: 2,
    format: 'lm-eval',
  });
  assert.deepEqual(config.testEvaluator, { command: ['bfcl', 'evaluate', '{model}'], timeout: 3600, retries: 0, format: 'bfcl' });
  assert.deepEqual(config.objective, { weights: { 'Live Acc': 2, 'Multi Turn Acc': 1 } });
  assert.deepEqual(config.shapley, { players: ['xlam', 'toolace', 'watt'], budget: 6, seed: 7 });
  assert.equal(config.keepSoups, true);
  assert.equal(config.backend, 'cpu');
  assert.equal(config.outDtype, 'bf16');
});

test('JSON is YAML too: a soce.json gives the same config', () => {
  const json = JSON.stringify({
    candidates: { xlam: './models/xLAM-2-8b-fc-r', toolace: './models/ToolACE-2-8B', watt: './models/watt-tool-8B' },
    scores: './bfcl-v3.csv',
    evaluator: { command: ['python3', 'eval.py', '{model}', '{out}'] },
    out: './soce-run',
  });
  assert.deepEqual(parseRunConfig(json, 'soce.json'), parseRunConfig(MINIMAL, 'soce.yaml'));
});

test('experts alone (no score table) are enough', () => {
  const config = parseRunConfig(MINIMAL.replace('scores: ./bfcl-v3.csv', 'experts: [xlam, watt]'), 'soce.yaml');
  assert.equal(config.scores, undefined);
  assert.deepEqual(config.experts, ['xlam', 'watt']);
});

test('text that is not YAML, or not a mapping, is refused with the file named', () => {
  rejects('candidates: [xlam, toolace\nout: ./run\n', /not valid YAML: .*line 2/s);
  rejects('a: b: c', /not valid YAML: Nested mappings/);
  for (const text of ['', '# only a comment', '- candidates\n- out', '42', '"a string"', 'null']) {
    rejects(text, /expected a mapping of settings \(candidates:, evaluator:, out:, \.\.\.\)$/);
  }
});

test('an unknown key, at the top or nested, is named with the closest known key', () => {
  rejects(`${MINIMAL}tua: 0.3\n`, /unknown key "tua"; did you mean .*"tau"\?/);
  rejects(`${MINIMAL}search: { stepp: 0.05 }\n`, /unknown key "search\.stepp"; did you mean "step"\?/);
  rejects(MINIMAL.replace('command:', 'timout: 60\n  command:'), /unknown key "evaluator\.timout"; did you mean "timeout"\?/);
  rejects(`${MINIMAL}shapley: { player: [xlam] }\n`, /unknown key "shapley\.player"; did you mean "players"\?/);
  rejects(`${MINIMAL}zzzzzzzz: 1\n`, /unknown key "zzzzzzzz"$/);
});

test('experts and Shapley players must be candidates, with a suggestion', () => {
  rejects(
    MINIMAL.replace('scores: ./bfcl-v3.csv', 'experts: [xlam, wat]'),
    /experts: "wat" is not among the candidates \(xlam, toolace, watt\); did you mean "watt"\?/,
  );
  rejects(`${MINIMAL}shapley: { players: [xlam, ToolAce] }\n`, /shapley\.players: "ToolAce" is not among the candidates \(xlam, toolace, watt\); did you mean "toolace"\?/);
});

test('search bounds the wrong way round are refused with the fix', () => {
  rejects(`${MINIMAL}search: { bounds: { min: 0.6, max: 0.4 } }\n`, /search\.bounds\.min \(0\.6\) is above search\.bounds\.max \(0\.4\); swap them/);
});

test('the old keys search.min and search.max are refused, saying where they went', () => {
  rejects(`${MINIMAL}search: { min: 0.2, max: 0.8 }\n`, /unknown key "search\.min": renamed to search\.bounds\.min, as the search library calls it: search: \{ bounds: \{ min: 0\.1, max: 0\.9 \} \}\n {2}unknown key "search\.max": renamed to search\.bounds\.max/);
});

test('τ takes the one range every part of soce takes, [0, 1] ends included', () => {
  for (const tau of [0, 0.2, 1]) assert.equal(parseRunConfig(`${MINIMAL}tau: ${tau}\n`, 'soce.yaml').tau, tau);
  rejects(`${MINIMAL}tau: 1.5\n`, /tau: τ must be a number between 0 and 1 \(\|correlation\| below it counts as weak\)/);
  rejects(`${MINIMAL}tau: -0.1\n`, /tau: τ must be a number between 0 and 1/);
});

test('a config with neither scores nor experts says to give one', () => {
  rejects(MINIMAL.replace('scores: ./bfcl-v3.csv\n', ''), /give either "scores" .* or "experts"/);
});

test('wrong types and out-of-range values name the key', () => {
  const cases: [string, RegExp][] = [
    [MINIMAL.replace(/candidates:\n(  .*\n)+/, 'candidates: [xlam, toolace]\n'), /configuration: candidates: .*expected record/],
    [MINIMAL.replace(/candidates:\n(  .*\n)+/, 'candidates: { xlam: ./x }\n'), /configuration: candidates: list at least two candidates/],
    [`${MINIMAL}tau: high\n`, /configuration: tau: .*expected number, received string/],
    [`${MINIMAL}mode: clusters\n`, /configuration: mode: .*"paper"\|"cluster"/],
    [MINIMAL.replace(/command: .*/, 'command: python3 eval.py {model}'), /configuration: evaluator\.command: .*expected array/],
    [MINIMAL.replace(/command: .*/, 'command: []'), /configuration: evaluator\.command: give the program and its arguments/],
    [MINIMAL.replace(/command: .*/, 'command: [x]\n  timeout: -5'), /configuration: evaluator\.timeout: .*>0/],
    [MINIMAL.replace(/command: .*/, 'command: [x]\n  retries: 1.5'), /configuration: evaluator\.retries: .*int/],
    [MINIMAL.replace(/command: .*/, 'command: [x]\n  format: xml'), /configuration: evaluator\.format: .*"json"\|"lm-eval"\|"bfcl"/],
    [MINIMAL.replace(/evaluator:\n.*\n/, ''), /configuration: evaluator: .*expected object, received undefined/],
    [MINIMAL.replace('out: ./soce-run\n', ''), /configuration: out: .*expected string/],
    [`${MINIMAL}search: { concurrency: 0 }\n`, /configuration: search\.concurrency: .*>=1/],
    [`${MINIMAL}search: { step: 2 }\n`, /configuration: search\.step: .*<=1/],
    [`${MINIMAL}keepSoups: "yes"\n`, /configuration: keepSoups: .*expected boolean/],
    [`${MINIMAL}objective: max\n`, /configuration: objective: /],
    [`${MINIMAL}objective: { weights: { Live: -1 } }\n`, /configuration: objective/],
  ];
  for (const [text, message] of cases) rejects(text, message);
});

test('several problems are all listed, one per line', () => {
  rejects(`${MINIMAL}tau: 2\nbackend: gpu\n`, /invalid configuration:\n  tau: .*\n  backend: /);
});

const keys = ['candidates', 'scores', 'experts', 'evaluator', 'out', 'search', 'tau', 'shapley', 'objective', 'command', 'min', 'max', 'tua'];
const yamlish = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', ':', ' ', '\n', '-', '[', ']', '{', '}', ',', '"', "'", '#', '&', '*', '!', '|', '>', '1', '.') }),
  fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 })).map((value) => stringify(value)),
  // Near-valid configs: a valid one with one key replaced by anything.
  fc.tuple(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => {
    const config: Record<string, unknown> = {
      candidates: { a: './a', b: './b' },
      experts: ['a', 'b'],
      evaluator: { command: ['x', '{model}'] },
      out: './run',
    };
    config[key] = value;
    return stringify(config);
  }),
);

test('property: any text gives a RunConfig or a ConfigError naming the file, never another exception', () => {
  fc.assert(
    fc.property(yamlish, (text) => {
      try {
        const config = parseRunConfig(text, 'fuzz.yaml');
        assert.ok(Object.keys(config.candidates).length >= 2);
        assert.ok(config.experts !== undefined || config.scores !== undefined);
        assert.ok((config.search.bounds.min ?? 0) <= (config.search.bounds.max ?? 1));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        assert.match(error.message, /^fuzz\.yaml: /);
      }
    }),
    { numRuns: 200 },
  );
});

test('evaluator.metrics (lm-eval) and evaluator.model (bfcl) are read, and refused with another format', () => {
  const lmEval = parseRunConfig(
    MINIMAL.replace('out: ./soce-run', '  format: lm-eval\n  metrics: { mmlu_pro: "exact_match,custom-extract", gsm8k: "exact_match,flexible-extract" }\nout: ./soce-run'),
    'soce.yaml',
  );
  assert.deepEqual(lmEval.evaluator.metrics, { mmlu_pro: 'exact_match,custom-extract', gsm8k: 'exact_match,flexible-extract' });
  const bfcl = parseRunConfig(MINIMAL.replace('out: ./soce-run', '  format: bfcl\n  model: "xLAM-2-8b-fc-r (FC)"\nout: ./soce-run'), 'soce.yaml');
  assert.equal(bfcl.evaluator.model, 'xLAM-2-8b-fc-r (FC)');
  rejects(MINIMAL.replace('out: ./soce-run', '  metrics: { gsm8k: "exact_match,strict-match" }\nout: ./soce-run'), /evaluator\.metrics names lm-eval metrics, but evaluator\.format is json; set format: lm-eval or drop metrics/);
  rejects(MINIMAL.replace('out: ./soce-run', '  format: lm-eval\n  model: xlam\nout: ./soce-run'), /evaluator\.model picks a row of BFCL's score file, but evaluator\.format is lm-eval/);
  rejects(MINIMAL.replace('out: ./soce-run', '  format: lm-eval\n  metric: acc\nout: ./soce-run'), /unknown key "evaluator\.metric"; did you mean "metrics"\?/);
  rejects(MINIMAL.replace('out: ./soce-run', '  format: lm-eval\n  metrics: { gsm8k: "" }\nout: ./soce-run'), /evaluator\.metrics\.gsm8k: name the metric as lm-eval keys it/);
});

test('evaluator.env and evaluator.maxConsecutiveFailures are read; bad names, limits below 1 and a test-split limit are refused', () => {
  const text = MINIMAL.replace('  command: [python3, eval.py, "{model}", "{out}"]', '  command: [python3, eval.py, "{model}", "{out}", "--device=cuda:{slot}"]\n  env: { CUDA_VISIBLE_DEVICES: "{slot}", HF_HOME: /cache }\n  maxConsecutiveFailures: 5');
  const config = parseRunConfig(text, 'soce.yaml');
  assert.deepEqual(config.evaluator.env, { CUDA_VISIBLE_DEVICES: '{slot}', HF_HOME: '/cache' });
  assert.equal(config.evaluator.maxConsecutiveFailures, 5);
  assert.equal(parseRunConfig(MINIMAL, 'soce.yaml').evaluator.maxConsecutiveFailures, undefined, 'absent: the pipeline\'s default (3) applies');
  rejects(MINIMAL.replace('out: ./soce-run', 'out: ./soce-run\nsearch: { concurrency: 2 }').replace('  command:', '  env: { "CUDA VISIBLE": "0" }\n  command:'), /evaluator\.env.*name environment variables with letters, digits and _/);
  rejects(MINIMAL.replace('  command:', '  maxConsecutiveFailures: 0\n  command:'), /evaluator\.maxConsecutiveFailures/);
  rejects(`${MINIMAL}testEvaluator: { command: [x], maxConsecutiveFailures: 2 }\n`, /testEvaluator\.maxConsecutiveFailures: one limit covers every evaluation of a run; set evaluator\.maxConsecutiveFailures instead/);
});
