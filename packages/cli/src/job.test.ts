// `soce job run --spec FILE`, the command a Slurm job of `executor: slurm` runs on its compute
// node, run here directly (the Slurm tests run it inside real jobs).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { POINT_JOB_FORMAT, type PointJobSpec } from '@soce/core';
import { saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { runSoce } from '../test-fixtures/soce_cli.ts';
import { fakeEvaluatorArgv } from '../test-fixtures/fake_evaluator_command.ts';

const root = mkdtempSync(join(tmpdir(), 'soce-job-'));
after(() => rmSync(root, { recursive: true, force: true }));

const cli = (args: string[]) => runSoce(args, root);

test('soce job run merges the spec\'s soup, scores it with the evaluator, writes the scores whole and deletes the soup', async () => {
  const corners: Record<string, number[]> = { a: [1, 0, 0], b: [0, 1, 0], c: [0, 0, 1] };
  for (const [name, w] of Object.entries(corners)) {
    await saveCheckpoint(nodeFileSystem, join(root, name), [{ name: 'w', dtype: 'F32', shape: [3], data: new Uint8Array(new Float32Array(w).buffer) }], { config: { model_type: 'toy' } });
  }
  const spec: PointJobSpec = {
    format: POINT_JOB_FORMAT,
    version: 1,
    candidates: { a: join(root, 'a'), b: join(root, 'b'), c: join(root, 'c') },
    weights: { a: 0.5, b: 0.3, c: 0.2 },
    backend: 'cpu',
    soupDir: join(root, 'soups'),
    evaluator: { command: fakeEvaluatorArgv(root), timeout: 60, retries: 0, format: 'json' },
    logDir: join(root, 'logs'),
    scores: join(root, 'points', 'p.scores.json'),
  };
  writeFileSync(join(root, 'p.json'), JSON.stringify(spec));
  const { code, out, err } = await cli(['job', 'run', '--spec', 'p.json']);
  assert.equal(code, 0, err);
  const scores = { alpha: 100, beta: 100, gamma: 100 };
  const written = JSON.parse(readFileSync(spec.scores, 'utf8')) as Record<string, number>;
  for (const [category, value] of Object.entries(scores)) assert.ok(Math.abs(written[category]! - value) < 1e-9, `${category}: ${written[category]}`);
  assert.deepEqual(JSON.parse(out), written);
  assert.equal(readFileSync(join(root, 'calls.log'), 'utf8'), '0.5000,0.3000,0.2000\n', 'the evaluator scored the merged soup');
  assert.deepEqual(readdirSync(join(root, 'soups')), [], 'the soup was deleted after its evaluation');
  assert.deepEqual(readdirSync(join(root, 'points')), ['p.scores.json'], 'no temporary file left');

  // A failing evaluator: exit 1 with its message, and no scores file.
  writeFileSync(join(root, 'fail.json'), JSON.stringify({ ...spec, evaluator: { ...spec.evaluator, command: [...spec.evaluator.command, 'fail'] }, scores: join(root, 'points', 'fail.scores.json') }));
  const failed = await cli(['job', 'run', '--spec', 'fail.json']);
  assert.equal(failed.code, 1);
  assert.match(failed.err, /fake benchmark: CUDA out of memory/);
  assert.equal(existsSync(join(root, 'points', 'fail.scores.json')), false);
});

test('soce job run refuses a spec it cannot read, naming the file (exit 2); the command is hidden from help', async () => {
  writeFileSync(join(root, 'bad.json'), JSON.stringify({ format: POINT_JOB_FORMAT, version: 2 }));
  const bad = await cli(['job', 'run', '--spec', 'bad.json']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad\.json: not a soce-point-job spec of this soce version \(install the same soce on the compute nodes\)/);
  writeFileSync(join(root, 'torn.json'), '{"format":');
  const torn = await cli(['job', 'run', '--spec', 'torn.json']);
  assert.equal(torn.code, 2);
  assert.match(torn.err, /torn\.json: not JSON/);
  const help = await cli(['--help']);
  assert.doesNotMatch(help.out + help.err, /\bjob\b/);
});
