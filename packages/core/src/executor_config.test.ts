import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseRunConfig } from './run_config.ts';

const BASE = `
candidates: { a: ./a, b: ./b }
experts: [a, b]
evaluator: { command: [python3, eval.py, "{model}", "{out}"] }
out: ./run
`;

function parse(executor: string) {
  return parseRunConfig(`${BASE}executor: ${executor}\n`, 'runs/soce.yaml');
}

function rejects(executor: string, message: RegExp): void {
  assert.throws(
    () => parse(executor),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.match(error.message, /^runs\/soce\.yaml: /);
      assert.match(error.message, message);
      return true;
    },
  );
}

test('executor: local is the default, and slurm gets its defaults filled in', () => {
  assert.deepEqual(parseRunConfig(BASE, 'soce.yaml').executor, { kind: 'local' });
  assert.deepEqual(parse('{ kind: local }').executor, { kind: 'local' });
  assert.deepEqual(parse('{ kind: slurm, workDir: /shared/soce-work }').executor, {
    kind: 'slurm',
    sbatch: [],
    poll: 10,
    workDir: '/shared/soce-work',
    soce: ['soce'],
    setup: [],
  });
  assert.deepEqual(
    parse('{ kind: slurm, workDir: /w, sbatch: ["--partition=gpu", "--gres=gpu:1", "-t 04:00:00"], maxJobs: 8, poll: 2, soce: [/venv/bin/soce], setup: ["module load cuda"] }').executor,
    { kind: 'slurm', workDir: '/w', sbatch: ['--partition=gpu', '--gres=gpu:1', '-t 04:00:00'], maxJobs: 8, poll: 2, soce: ['/venv/bin/soce'], setup: ['module load cuda'] },
  );
});

test('a wrong executor is refused with the key and the fix', () => {
  rejects('{ kind: kubernetes }', /executor.*kind: local or slurm/);
  rejects('{ kind: slurm }', /executor\.workDir: give workDir: a directory on storage the compute nodes see too/);
  rejects('{ kind: slurm, workDir: /w, sbatch: ["--output=/tmp/x.log"] }', /executor\.sbatch.*soce sets --output itself/);
  rejects('{ kind: slurm, workDir: /w, sbatch: ["partition=gpu"] }', /not an sbatch option/);
  rejects('{ kind: slurm, workDir: /w, maxJobs: 0 }', /executor\.maxJobs/);
  rejects('{ kind: slurm, workDir: /w, pol: 5 }', /pol.*poll/);
  rejects('{ kind: local, workDir: /w }', /executor\.workDir.*only executor kind: slurm takes it/);
});
