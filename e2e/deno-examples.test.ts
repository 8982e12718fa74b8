// The Deno examples as a Deno user runs them: type-checked by Deno, then run with the narrowest
// permissions each needs (none at all for the search), checking what they print.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const examples = join(root, 'examples/deno');
const deno = join(root, 'node_modules/.bin/deno');
const env = { ...process.env, NO_COLOR: '1' };

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs Deno in the examples directory; a failing run is an outcome, not an exception. */
async function denoIn(args: readonly string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(deno, args, { cwd: examples, env, maxBuffer: 16 * 2 ** 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function succeeded(outcome: Outcome, what: string): string {
  assert.equal(outcome.code, 0, `${what} failed:\n${outcome.stdout}\n${outcome.stderr}`);
  return outcome.stdout;
}

const work = await mkdtemp(join(tmpdir(), 'soce-deno-examples-'));
after(() => rm(work, { recursive: true, force: true }));

test('the examples type-check under Deno and pass its linter', async () => {
  const scripts = ['analyze_scores.ts', 'search_weights.ts', 'merge_on_gpu.ts', 'run_soce_yaml.ts'];
  succeeded(await denoIn(['check', ...scripts]), 'deno check');
  succeeded(await denoIn(['lint', ...scripts]), 'deno lint');
});

test('analyze_scores.ts reads only the table it is given and names the paper\'s 8B experts', async () => {
  const table = '../bfcl/bfcl-v3-2025-04-30.csv';
  const out = succeeded(await denoIn(['run', '--no-prompt', `--allow-read=${table}`, 'analyze_scores.ts']), 'analyze_scores.ts');
  assert.match(out, /^121 models, τ = 0\.2: 5 weak categories$/m);
  assert.match(out, /^ {2}weak pair Non-Live AST Acc × Irrelevance Detection {2}r = 0\.099$/m);
  assert.deepEqual(out.split('\n').filter((line) => line.startsWith('expert ')), [
    'expert ToolACE-2-8B (FC): Non-Live AST Acc, Live Acc, Irrelevance Detection',
    'expert xLAM-2-8b-fc-r (FC): Multi Turn Acc',
    'expert watt-tool-8B (FC): Relevance Detection',
  ]);
  const denied = await denoIn(['run', '--no-prompt', 'analyze_scores.ts']);
  assert.notEqual(denied.code, 0, 'without --allow-read the table cannot be read');
  assert.match(denied.stderr, /NotCapable|Requires read access/);
});

test('search_weights.ts needs no permission and finds the optimum of its toy evaluator', async () => {
  const out = succeeded(await denoIn(['run', '--no-prompt', 'search_weights.ts']), 'search_weights.ts');
  assert.match(out, /^stopped: converged after 45 evaluations \(grid of 37\)$/m);
  assert.match(out, /^best: xLAM-2-8b-fc-r \(FC\) 0\.700, ToolACE-2-8B \(FC\) 0\.200, watt-tool-8B \(FC\) 0\.100$/m);
  assert.match(out, /^total score 236\.00; evaluator called 45 times$/m);
});

test('merge_on_gpu.ts merges on a WebGPU adapter when Deno has one, on the CPU otherwise, with the same result', async () => {
  // What this machine offers decides which branch the example must take.
  const probe = succeeded(
    await denoIn(['eval', 'const a = await navigator.gpu?.requestAdapter(); console.log(a ? "adapter" : "none")']),
    'the WebGPU probe',
  );
  const hasAdapter = probe.trim().split('\n').at(-1) === 'adapter';
  const dir = join(work, 'merge');
  const out = succeeded(
    await denoIn(['run', '--no-prompt', `--allow-read=${dir}`, `--allow-write=${dir}`, 'merge_on_gpu.ts', dir]),
    'merge_on_gpu.ts',
  );
  assert.match(out, hasAdapter ? /^backend: webgpu \(/m : /^backend: cpu \(/m);
  assert.match(out, /^merged 2 tensors, copied 1, into model\.safetensors$/m);
  // 0.7·[1, 2, 3, 4] + 0.3·[2, 4, 6, 8] in f32; the bf16 bias 0.7·0.5 + 0.3·1 = 0.65 rounds to 0.6484.
  assert.match(out, /^layer\.weight = \[1\.300, 2\.600, 3\.900, 5\.200\]$/m);
  assert.match(out, /^layer\.bias = \[0\.6484, -0\.3242\]$/m);
});

test('run_soce_yaml.ts runs a soce.yaml end to end under Deno: experts, search over real merges, soup, report.html', async () => {
  // Three candidates, each a corner of the simplex, so a soup's tensor is its weights; the
  // benchmark (a node script) scores each category by the distance of one weight from a target.
  const dir = join(work, 'soce-yaml');
  const names = ['math', 'code', 'chat'];
  for (const [j, name] of names.entries()) {
    const corner = new Float32Array(names.map((_, i) => (i === j ? 1 : 0)));
    await saveCheckpoint(nodeFileSystem, join(dir, 'models', name), [{ name: 'w', dtype: 'F32', shape: [3], data: new Uint8Array(corner.buffer) }], { config: { model_type: 'toy' } });
  }
  await writeFile(join(dir, 'scores.csv'), 'Model,gsm8k,humaneval,mt-bench\nmath,90,40,55\ncode,45,88,50\nchat,60,57,86\np1,50,65,70\np2,80,45,42\np3,55,72,75\n');
  const evaluator = join(dir, 'eval.mjs');
  await writeFile(evaluator, [
    "import { readFileSync, writeFileSync } from 'node:fs';",
    'const [model, out] = process.argv.slice(2);',
    "const bytes = readFileSync(model + '/model.safetensors');",
    'const n = Number(bytes.readBigUInt64LE(0));',
    "const { w } = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));",
    'const start = bytes.byteOffset + 8 + n + w.data_offsets[0];',
    'const values = new Float32Array(bytes.buffer.slice(start, start + 12));',
    'const target = [0.5, 0.3, 0.2];',
    "writeFileSync(out, JSON.stringify(Object.fromEntries(['gsm8k', 'humaneval', 'mt-bench'].map((c, i) => [c, 100 - 100 * (values[i] - target[i]) ** 2]))));",
    '',
  ].join('\n'));
  await writeFile(join(dir, 'soce.yaml'), [
    'candidates: { math: ./models/math, code: ./models/code, chat: ./models/chat }',
    'scores: ./scores.csv',
    'tau: 0.5',
    'search: { strategy: grid, step: 0.1, bounds: { min: 0, max: 1 } }',
    `evaluator: { command: [node, ${JSON.stringify(evaluator)}, "{model}", "{out}"] }`,
    'out: ./run',
    'backend: cpu',
    '',
  ].join('\n'));
  const args = ['run', '--no-prompt', `--allow-read=${dir}`, `--allow-write=${dir}`, '--allow-run=node', '--allow-env=LOG_TOKENS,LOG_STREAM', 'run_soce_yaml.ts', join(dir, 'soce.yaml')];
  const out = succeeded(await denoIn(args), 'run_soce_yaml.ts');
  assert.match(out, /^experts: math, code, chat$/m);
  assert.match(out, /^best: math=0\.5, code=0\.3, chat=0\.2 \(objective 300\.00\)$/m);
  assert.match(out, new RegExp(`^soup: ${join(dir, 'run', 'soup')}$`, 'm'));
  assert.ok((await stat(join(dir, 'run', 'soup', 'model.safetensors'))).size > 0);
  const report = await readFile(join(dir, 'run', 'report.html'), 'utf8');
  assert.deepEqual([...report.matchAll(/data-chart="([^"]+)"[^>]*><svg\b/g)].map((m) => m[1]), ['correlation', 'consistency-before', 'consistency-after', 'tau-sweep', 'search-trace', 'weights']);
  // A rerun finds every evaluation in the journals: same result, no evaluator call.
  const again = succeeded(await denoIn(args), 'run_soce_yaml.ts, rerun');
  assert.match(again, /^best: math=0\.5, code=0\.3, chat=0\.2 \(objective 300\.00\)$/m);
});
