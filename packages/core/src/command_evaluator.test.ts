import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createCpuBackend, joinPath, saveCheckpoint } from '@soce/tensors';
import { createCommandEvaluator, expandArgv, expandEnv, PLACEHOLDERS, type CommandEvaluatorOptions } from './command_evaluator.ts';
import { EvaluationError } from './evaluation_error.ts';
import { evaluationId } from './evaluator.ts';
import { soupEvaluator } from './soup_evaluator.ts';
import { currentRuntime, type TestRuntime } from '../test-fixtures/current_runtime.ts';

/** The benchmark stand-in; see its header for the modes. */
const BENCHMARK = new URL('../test-fixtures/benchmark.mjs', import.meta.url).pathname;

let runtime: TestRuntime;
let root: string;
before(async () => {
  runtime = await currentRuntime('soce-core-');
  root = await runtime.tempDir();
});
after(async () => {
  await runtime.fs.remove(root);
});

let runs = 0;
/** A fresh work directory and an evaluator over it running `node benchmark.mjs <mode> {model} {out} ...extra`. */
function evaluator(mode: string, extra: readonly string[] = [], options: Partial<CommandEvaluatorOptions> = {}) {
  runs += 1;
  const workDir = `${root}/run-${runs}/evaluations`;
  const evaluate = createCommandEvaluator({
    argv: ['node', BENCHMARK, mode, '{model}', '{out}', ...extra],
    timeoutSeconds: 20,
    retries: 0,
    format: 'json',
    runner: runtime.runner,
    fs: runtime.fs,
    workDir,
    ...options,
  });
  return { evaluate, workDir };
}

const WEIGHTS = { 'xLAM-2-8b-fc-r (FC)': 0.7, 'ToolACE-2-8B (FC)': 0.2, 'watt-tool-8B (FC)': 0.1 };
const ID = evaluationId(WEIGHTS);
const SOUP = '/runs/soups/a soup';

/** Awaits a rejection with an EvaluationError and returns its message. */
async function failure(promise: Promise<unknown>): Promise<string> {
  let message = '';
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof EvaluationError, `expected an EvaluationError, got ${String(error)}`);
    message = error.message;
    return true;
  });
  return message;
}

test('expandArgv fills {model}, {out} and {slot} inside arguments without splitting or joining any', () => {
  assert.deepEqual(PLACEHOLDERS, ['{model}', '{out}', '{slot}']);
  assert.deepEqual(expandArgv(['lm_eval', '--model_args', 'pretrained={model},dtype=bf16', '--output_path', '{out}', '{out}{out}', '--device=cuda:{slot}'], { model: '/m dir', out: '/o', slot: 1 }), [
    'lm_eval',
    '--model_args',
    'pretrained=/m dir,dtype=bf16',
    '--output_path',
    '/o',
    '/o/o',
    '--device=cuda:1',
  ]);
  assert.deepEqual(expandEnv({ CUDA_VISIBLE_DEVICES: '{slot}', HF_HOME: '/cache/{slot}/hf' }, 3), { CUDA_VISIBLE_DEVICES: '3', HF_HOME: '/cache/3/hf' });
  fc.assert(
    fc.property(fc.array(fc.string()), fc.string(), fc.string(), fc.nat(7), (template, model, out, slot) => {
      const argv = expandArgv(template, { model, out, slot });
      assert.equal(argv.length, template.length);
      template.forEach((arg, i) => {
        if (!PLACEHOLDERS.some((p) => arg.includes(p))) assert.equal(argv[i], arg);
      });
    }),
  );
});

test('{slot}: evaluations in flight at once never share a slot, in the arguments or in evaluator.env', async () => {
  const records = `${root}/slots-${runs}`;
  await runtime.fs.mkdir(records);
  const { evaluate } = evaluator('slot', [records, 'gpu-{slot}'], { slots: 2, env: { CUDA_VISIBLE_DEVICES: '{slot}' } });
  // Six evaluations asked for at once: two slots, so two run at a time, each in a slot of its own.
  const points = Array.from({ length: 6 }, (_, i) => ({ a: (i + 1) / 10, b: 1 - (i + 1) / 10 }));
  const results = await Promise.all(points.map((w) => evaluate(SOUP, w)));
  assert.equal(results.length, 6);
  const seen: { arg: string; env: string; start: number; end: number }[] = [];
  for (const name of await runtime.fs.list(records)) seen.push(JSON.parse(await runtime.fs.readText(`${records}/${name}`)));
  assert.equal(seen.length, 6, 'every evaluation ran its command once');
  for (const record of seen) {
    assert.ok(record.env === '0' || record.env === '1', `slot ${record.env} is within 0 … 1`);
    assert.equal(record.arg, `gpu-${record.env}`, 'the argument and the environment name the same slot');
  }
  let overlaps = 0;
  for (const [i, x] of seen.entries()) {
    for (const y of seen.slice(i + 1)) {
      if (x.start < y.end && y.start < x.end) {
        overlaps += 1;
        assert.notEqual(x.env, y.env, `two evaluations in flight at once shared slot ${x.env}`);
      }
    }
  }
  assert.ok(overlaps >= 2, `evaluations ran side by side (${overlaps} overlapping pairs)`);
});

test('an empty command is refused when the evaluator is made', () => {
  assert.throws(() => evaluator('out', [], { argv: [] }), (e: unknown) => e instanceof EvaluationError && /the evaluator command is empty/.test(e.message));
});

test('scores written to {out} are read, and the log records the attempt', async () => {
  const { evaluate, workDir } = evaluator('out');
  assert.deepEqual(await evaluate(SOUP, WEIGHTS), { alpha: 61.5, beta: 70.25 });
  const log = await runtime.fs.readText(joinPath(workDir, `${ID}.log`));
  assert.match(log, /^# attempt 1: \["node",.*"out","\/runs\/soups\/a soup",.*\.scores\.json"\]\n# exit 0 after \d+\.\d s\n## stdout\n/);
});

test('scores printed on stdout after progress lines are read', async () => {
  const { evaluate } = evaluator('stdout');
  assert.deepEqual(await evaluate(SOUP, WEIGHTS), { alpha: 61.5, beta: 70.25 });
});

test('a non-zero exit is an EvaluationError with the exit code, the stderr tail and the log, which keeps both streams', async () => {
  const { evaluate, workDir } = evaluator('fail');
  const message = await failure(evaluate(SOUP, WEIGHTS));
  const logPath = joinPath(workDir, `${ID}.log`);
  assert.equal(
    message,
    `the evaluator command exited with 1: Traceback (most recent call last): |   File "eval.py", line 12, in <module> | RuntimeError: CUDA out of memory (after 1 attempt(s); log: ${logPath})`,
  );
  const log = await runtime.fs.readText(logPath);
  assert.match(log, /# exit 1 after /);
  assert.match(log, /## stdout\nloading checkpoint\n/);
  assert.match(log, /## stderr\nwarning: slow tokenizer\nTraceback .*\n.*\nRuntimeError: CUDA out of memory\n/);
});

test('a command that hangs is killed after the time-out', async () => {
  const ticks = joinPath(root, 'ticks.txt');
  const { evaluate, workDir } = evaluator('hang', [ticks], { timeoutSeconds: 1 });
  const message = await failure(evaluate(SOUP, WEIGHTS));
  assert.match(message, /^the evaluator command timed out after 1 s \(after 1 attempt\(s\); log: /);
  assert.match(await runtime.fs.readText(joinPath(workDir, `${ID}.log`)), /# exit none \(timed out\)/);
  // The program ticks every 50 ms while alive: after the kill the count stands still (a slow
  // machine may kill it before its first tick, so a missing file counts as 0).
  const count = async () => ((await runtime.fs.kind(ticks)) === 'file' ? Number(await runtime.fs.readText(ticks)) : 0);
  const before = await count();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await count(), before);
});

test('a failed attempt is retried, and the log keeps every attempt', async () => {
  const marker = joinPath(root, 'flaky-once');
  const { evaluate, workDir } = evaluator('flaky', [marker], { retries: 1 });
  assert.deepEqual(await evaluate(SOUP, WEIGHTS), { alpha: 61.5, beta: 70.25 });
  const log = await runtime.fs.readText(joinPath(workDir, `${ID}.log`));
  assert.match(log, /# attempt 1: .*\n# exit 1 after .*\n(.*\n)*## stderr\ntransient failure: connection reset\n/);
  assert.match(log, /# attempt 2: .*\n# exit 0 after /);

  const noRetry = evaluator('flaky', [joinPath(root, 'flaky-never')]);
  assert.match(await failure(noRetry.evaluate(SOUP, WEIGHTS)), /exited with 1: transient failure: connection reset \(after 1 attempt\(s\)/);
});

test('output that is no score table fails after every attempt, naming what was read', async () => {
  const { evaluate, workDir } = evaluator('garbage', [], { retries: 2 });
  const message = await failure(evaluate(SOUP, WEIGHTS));
  assert.match(message, /^stdout: not JSON \(.*\); the evaluator must write \{ "category": number, \.\.\. \} \(after 3 attempt\(s\); log: /s);
  const log = await runtime.fs.readText(joinPath(workDir, `${ID}.log`));
  assert.equal(log.match(/^# attempt \d/gm)?.length, 3);
  assert.equal(log.match(/^unusable output: stdout: not JSON/gm)?.length, 3);
});

test('a program that cannot start is an EvaluationError saying so', async () => {
  const { evaluate } = evaluator('out', [], { argv: [joinPath(root, 'no-such-benchmark'), '{model}'] });
  assert.match(await failure(evaluate(SOUP, WEIGHTS)), /^the evaluator command could not start: .*no-such-benchmark/);
});

test('arguments reach the program verbatim: no shell splits, expands or runs anything', async () => {
  const argvFile = joinPath(root, 'argv.json');
  const pwned = joinPath(root, 'pwned');
  const tricky = ['two words', `$(touch ${pwned})`, `\`touch ${pwned}\``, `; touch ${pwned}`, '"quoted" \'single\'', '*', '$HOME', '--model={model}'];
  const { evaluate, workDir } = evaluator('argv', [argvFile, ...tricky]);
  await evaluate(SOUP, WEIGHTS);
  const out = joinPath(workDir, `${ID}.scores.json`);
  assert.deepEqual(JSON.parse(await runtime.fs.readText(argvFile)), ['argv', SOUP, out, argvFile, ...tricky.slice(0, -1), `--model=${SOUP}`]);
  assert.equal(await runtime.fs.kind(pwned), undefined);
});

test('format lm-eval: {out} is a fresh directory path (absent, not ending in .json), and the newest results_*.json below it is read', async () => {
  const seen = joinPath(root, 'lm-eval-out.json');
  const { evaluate, workDir } = evaluator('lm-eval', [seen], { format: 'lm-eval' });
  assert.deepEqual(await evaluate(SOUP, WEIGHTS), { arc_easy: (0.75 - 0.05) * 100 });
  // lm-eval 0.4.9+ takes an --output_path ending in .json as a file-name prefix, so {out} must not end so.
  assert.deepEqual(JSON.parse(await runtime.fs.readText(seen)), { existed: false, endsWithJson: false });
  assert.equal(await runtime.fs.kind(joinPath(workDir, `${ID}.lm-eval`)), 'directory');
});

test('format lm-eval: a results file written at {out} is read, categories and metrics apply, and a group without aggregate is noted in the log', async () => {
  const { evaluate, workDir } = evaluator('lm-eval-file', [], { format: 'lm-eval' });
  assert.deepEqual(await evaluate(SOUP, WEIGHTS), { suite: (50 + 25) / 2 });
  assert.match(await runtime.fs.readText(joinPath(workDir, `${ID}.log`)), /\nnote: lm-eval: group "suite" has no aggregate metric; scored as the mean of its 2 members \(arc, hellaswag\): 37\.5$/);
  const picked = evaluator('lm-eval-file', [], { format: 'lm-eval', categories: ['arc', 'hellaswag'], metrics: { hellaswag: 'acc_norm,none' } });
  assert.deepEqual(await picked.evaluate(SOUP, WEIGHTS), { arc: 50, hellaswag: 25 });
});

test('format lm-eval: a command that writes nothing at {out} fails saying where the results were expected', async () => {
  const { evaluate, workDir } = evaluator('stdout', [], { format: 'lm-eval' });
  const message = await failure(evaluate(SOUP, WEIGHTS));
  assert.ok(message.startsWith(`${joinPath(workDir, `${ID}.lm-eval`)}: lm-eval wrote nothing there; give {out} as lm_eval's --output_path`), message);
});

test('only the tail of a chatty command is kept: the log says how much was printed, the last JSON line still scores', async () => {
  const { evaluate, workDir } = evaluator('chatty', ['1000'], { maxOutputBytes: 4096 });
  assert.deepEqual(await evaluate(SOUP, WEIGHTS), { alpha: 61.5, beta: 70.25 });
  const log = await runtime.fs.readText(joinPath(workDir, `${ID}.log`));
  assert.match(log, /## stdout \(the last 4096 of 99028 bytes\)\n/);
  assert.ok(log.length < 6000, `the log has ${log.length} characters`);

  // A score table longer than the tail cannot be read from stdout: the message says why.
  const tiny = evaluator('stdout', [], { maxOutputBytes: 16 });
  assert.match(await failure(tiny.evaluate(SOUP, WEIGHTS)), /only the last 16 of the \d+ bytes printed on stdout are kept: write the scores to \{out\} instead/);
});

test('an interrupted run stops the command at once, retries nothing, and logs why', { timeout: 30_000 }, async () => {
  const pidFile = joinPath(root, 'slow.pid');
  const { evaluate, workDir } = evaluator('slow', [pidFile], { retries: 3, killGraceMs: 500 });
  const controller = new AbortController();
  const started = Date.now();
  const evaluation = evaluate(SOUP, WEIGHTS, { signal: controller.signal });
  while ((await runtime.fs.kind(pidFile)) !== 'file') await new Promise((resolve) => setTimeout(resolve, 20));
  controller.abort();
  const message = await failure(evaluation);
  assert.match(message, /^the evaluator command was stopped: the run was interrupted \(after 1 attempt\(s\); log: /);
  assert.ok(Date.now() - started < 15_000);
  const log = await runtime.fs.readText(joinPath(workDir, `${ID}.log`));
  assert.equal(log.match(/^# attempt \d/gm)?.length, 1);
  assert.match(log, /# exit none \(stopped: the run was interrupted\)/);
});

test('seven Hugging Face-style names: the soup, its log and its score file have short names, and the evaluation succeeds', async () => {
  const names = ['meta-llama/Llama-3.1-8B-Instruct', 'Salesforce/xLAM-2-8b-fc-r', 'Team-ACE/ToolACE-2-8B', 'watt-ai/watt-tool-8B', 'BitAgent/BitAgent-8B', 'uiuc-convai/CoALM-8B', 'NousResearch/Hermes-3-Llama-3.1-8B'].map((name) => `${name}-bfcl-sft-lr2e-5-epoch3`);
  const candidates: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    candidates[name] = joinPath(root, `hf-${i}`);
    await saveCheckpoint(runtime.fs, candidates[name]!, [{ name: 'w', dtype: 'F32', shape: [2], data: new Uint8Array(new Float32Array([i, 1]).buffer) }]);
  }
  const { evaluate: command, workDir } = evaluator('out');
  const soups = joinPath(root, 'hf-soups');
  let soupDir = '';
  const evaluate = soupEvaluator({
    fs: runtime.fs,
    candidates,
    backend: createCpuBackend(),
    workDir: soups,
    keepSoups: true,
    evaluate: (dir, weights, context) => {
      soupDir = dir;
      return command(dir, weights, context);
    },
  });
  const weights = Object.fromEntries(names.map((name) => [name, 1 / names.length]));
  assert.deepEqual(await evaluate(weights), { alpha: 61.5, beta: 70.25 });
  const id = evaluationId(weights);
  assert.equal(soupDir, joinPath(soups, id));
  assert.equal(await runtime.fs.kind(joinPath(soupDir, 'model.safetensors')), 'file');
  assert.equal(await runtime.fs.kind(joinPath(workDir, `${id}.log`)), 'file');
  assert.equal(await runtime.fs.kind(joinPath(workDir, `${id}.scores.json`)), 'file');
});

test("format bfcl reads BFCL's score CSV from {out}", async () => {
  const { evaluate } = evaluator('bfcl', [], { format: 'bfcl' });
  assert.deepEqual(await evaluate(SOUP, WEIGHTS), { 'Live Acc': 66.9 });
});

test("format bfcl reads BFCL's score directory at {out}, the model picked by evaluator.model and the categories as configured", async () => {
  const scoreDir = new URL('../test-fixtures/bfcl/v3-two-models', import.meta.url).pathname;
  const { evaluate } = evaluator('bfcl-dir', [scoreDir], { format: 'bfcl', model: 'xLAM-2-8b-fc-r (FC)', categories: ['Live Acc', 'Multi Turn Acc'] });
  assert.deepEqual(await evaluate(SOUP, WEIGHTS), { 'Live Acc': 66.9, 'Multi Turn Acc': 69.12 });
  const unnamed = evaluator('bfcl-dir', [scoreDir], { format: 'bfcl' });
  assert.match(await failure(unnamed.evaluate(SOUP, WEIGHTS)), /data_overall\.csv: scores 2 models; name the one to read in evaluator\.model/);
});
