// `soce run` with the real lm-evaluation-harness (0.4.13, from the set-up's .venv) as the
// evaluator, on three tiny Llama checkpoints written by transformers itself and local
// multiple-choice tasks: the guide's lm-eval recipe, run. Then the soup is loaded by
// transformers and its logits are checked against the same weighted average computed in torch.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { parseRunConfig } from '@soce/core';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'packages/cli/bin/soce.cjs');
const python = join(root, '.venv/bin/python');
const toy = join(root, 'examples/lm-eval/toy.py');
const noTable = join(root, 'examples/lm-eval/lm_eval_no_table.py');
const work = mkdtempSync(join(tmpdir(), 'soce-lm-eval-e2e-'));
after(() => rmSync(work, { recursive: true, force: true }));

// Nothing below may reach the network: lm-eval, datasets and transformers read local files only.
const env = {
  ...process.env,
  HF_DATASETS_OFFLINE: '1',
  HF_HUB_OFFLINE: '1',
  TRANSFORMERS_OFFLINE: '1',
  HF_HOME: join(work, 'hf-home'),
  TOKENIZERS_PARALLELISM: 'false',
  OMP_NUM_THREADS: '1',
};

/** The guide's lm-eval soce.yaml sample, as the docs test validates it. */
function guideRecipe() {
  const guide = readFileSync(join(root, 'docs/guides/soce-on-your-own-models.md'), 'utf8');
  const sample = /<!-- test -->\n```yaml\n(# soce\.yaml — three Llama-3-8B fine-tunes, scored by lm-evaluation-harness\n[\s\S]*?)```/.exec(guide)?.[1];
  assert.ok(sample !== undefined, 'the guide has its lm-eval recipe');
  return parseRunConfig(sample, 'soce-on-your-own-models.md').evaluator;
}

/** The recipe's command for these tiny models on the CPU: local tasks, f32, one at a time, and lm-eval without its closing table. */
function tinyCommand(command: readonly string[], tasks: string): string[] {
  const argv = command.flatMap((arg, i): string[] => {
    if (arg === 'lm_eval') return [python, noTable];
    if (command[i - 1] === '--tasks') return ['toy'];
    if (command[i - 1] === '--batch_size') return ['1'];
    return [arg.replace('dtype=bfloat16', 'dtype=float32')];
  });
  return [...argv, '--include_path', tasks, '--device', 'cpu'];
}

let models = '';
let tasks = '';
before(async () => {
  assert.ok(existsSync(python), `${python} is missing: run \`bash tools/python/setup-venv.sh\` (tools/setup.sh runs it) to build the Python tools this test runs`);
  models = join(work, 'models');
  tasks = join(work, 'tasks');
  await run(python, [toy, 'models', models], { env });
  await run(python, [toy, 'tasks', tasks], { env });
});

test('soce run with the real lm-eval as the evaluator: exit 0, the configured categories, a soup transformers loads with the searched weights', { timeout: 600_000 }, async (t) => {
  const recipe = guideRecipe();
  assert.equal(recipe.format, 'lm-eval');
  assert.deepEqual(recipe.command.slice(recipe.command.indexOf('--output_path')), ['--output_path', '{out}'], 'the recipe hands lm-eval {out} as its output path');
  const out = join(work, 'run');
  const config = {
    candidates: { 'llama-a': join(models, 'llama-a'), 'llama-b': join(models, 'llama-b'), 'llama-c': join(models, 'llama-c') },
    experts: ['llama-a', 'llama-b'],
    categories: ['toy_colors', 'toy_animals'],
    // One grid point (0.5 / 0.5); with the comparison soups five evaluations in all, two at a time.
    search: { strategy: 'grid', step: 0.5, bounds: { min: 0.1, max: 0.9 }, concurrency: 2 },
    // The recipe's env: each evaluation in flight sees its own slot as CUDA_VISIBLE_DEVICES.
    evaluator: { command: tinyCommand(recipe.command, tasks), format: 'lm-eval', metrics: { toy_colors: 'acc_norm,none' }, env: recipe.env, timeout: 300 },
    backend: 'cpu',
    out,
  };
  const configFile = join(work, 'soce.yaml');
  writeFileSync(configFile, stringify(config));

  const failed = (error: { code?: number; stdout?: string; stderr?: string }): never => {
    const logs = existsSync(join(out, 'evaluations/dev')) ? readdirSync(join(out, 'evaluations/dev')).filter((f) => f.endsWith('.log')) : [];
    const firstLog = logs[0] === undefined ? '' : readFileSync(join(out, 'evaluations/dev', logs[0]), 'utf8').slice(-3000);
    assert.fail(`soce run exited ${error.code}:\n${error.stderr ?? ''}\n${error.stdout ?? ''}\nfirst evaluation log:\n${firstLog}`);
  };

  // The dry run: one real lm-eval evaluation, its categories checked, the plan printed.
  assert.deepEqual(recipe.env, { CUDA_VISIBLE_DEVICES: '{slot}' }, 'the recipe gives each evaluation in flight its own GPU');
  const dry = await run(process.execPath, [cli, 'run', '--config', configFile, '--dry-run', '--format', 'json'], { env, cwd: work, maxBuffer: 64 * 2 ** 20 }).catch(failed);
  const plan = JSON.parse(dry.stdout) as { plan: { commands: { argv: string[]; env: Record<string, string> }[] }; probe: { scores: Record<string, number>; cached: boolean } };
  assert.deepEqual(Object.keys(plan.probe.scores).sort(), ['toy_animals', 'toy_colors']);
  assert.equal(plan.probe.cached, false);
  assert.deepEqual(plan.plan.commands[0]!.env, { CUDA_VISIBLE_DEVICES: '0' });
  assert.equal(readdirSync(join(out, 'evaluations/dev')).filter((f) => f.endsWith('.log')).length, 1, 'exactly one evaluation');

  const started = performance.now();
  const result = await run(process.execPath, [cli, 'run', '--config', configFile, '--format', 'json'], { env, cwd: work, maxBuffer: 64 * 2 ** 20 }).catch(failed);
  t.diagnostic(`soce run with lm-eval: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const summary = JSON.parse(result.stdout) as { evaluations: number; best: { weights: Record<string, number>; scores: Record<string, number> } };
  assert.equal(summary.evaluations, 4, 'the dry run\'s grid point is reused: the three candidates alone and the uniform soup of all are evaluated');

  // Every evaluation was lm-eval's, scored on exactly the configured categories, in percent.
  const journal = readFileSync(join(out, 'journal.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; scores?: Record<string, number> });
  const results = journal.filter((r) => r.type === 'result');
  assert.ok(results.length >= 1);
  for (const r of results) {
    assert.deepEqual(Object.keys(r.scores!).sort(), ['toy_animals', 'toy_colors']);
    for (const value of Object.values(r.scores!)) assert.ok(value >= 0 && value <= 100);
  }
  assert.deepEqual(Object.keys(summary.best.scores).sort(), ['toy_animals', 'toy_colors']);
  const logs = readdirSync(join(out, 'evaluations/dev')).filter((f) => f.endsWith('.log'));
  assert.ok(logs.length >= 4, `the grid point and the comparison soups were evaluated (${logs.length} logs)`);
  const slots = new Set<string>();
  for (const log of logs) {
    const text = readFileSync(join(out, 'evaluations/dev', log), 'utf8');
    assert.match(text, /# exit 0 after /);
    slots.add(/ with CUDA_VISIBLE_DEVICES=(\d+)\n/.exec(text)?.[1] ?? 'none');
  }
  assert.ok([...slots].every((slot) => slot === '0' || slot === '1'), `every evaluation ran in slot 0 or 1 (${[...slots].join(', ')})`);
  const outputs = readdirSync(join(out, 'evaluations/dev')).filter((f) => f.endsWith('.lm-eval'));
  assert.ok(outputs.length >= 1, 'lm-eval wrote its output directory at {out}');

  // The soup: transformers loads it, and its weights and logits are the weighted average's.
  const members = Object.entries(summary.best.weights).map(([name, weight]) => `${join(models, name)}:${weight}`);
  assert.deepEqual(Object.keys(summary.best.weights).sort(), ['llama-a', 'llama-b']);
  const check = await run(python, [toy, 'check-soup', join(out, 'soup'), ...members], { env });
  const report = JSON.parse(check.stdout.trim().split('\n').at(-1)!) as { tensors: number; weightsMaxUlp: number; logitsMaxUlp: number; logitsShape: number[]; logitsMaxUlpToMembers: number[] };
  t.diagnostic(`soup check: ${JSON.stringify(report)}`);
  assert.equal(report.tensors, 21);
  assert.ok(report.weightsMaxUlp <= 1, `weights within 1 ulp (${report.weightsMaxUlp})`);
  assert.ok(report.logitsMaxUlp <= 1, `logits within 1 ulp (${report.logitsMaxUlp})`);
  assert.deepEqual(report.logitsShape, [1, 10, 32]);
  for (const distance of report.logitsMaxUlpToMembers) assert.ok(distance > 1000, 'the soup is no single member');
});
