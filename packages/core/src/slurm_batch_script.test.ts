import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { writeTextFile } from '@soce/tensors';
import { batchScript, type BatchJobSpec } from './slurm_batch_script.ts';
import { SlurmError } from './slurm_error.ts';
import { currentRuntime, type TestRuntime } from '../test-fixtures/current_runtime.ts';

let runtime: TestRuntime;
let root: string;
before(async () => {
  runtime = await currentRuntime('soce-sbatch-');
  root = await runtime.tempDir();
});
after(async () => {
  await runtime.fs.remove(root);
});

const SPEC: BatchJobSpec = { name: 'soce.run.p1', sbatch: ['--partition=gpu', '--time=04:00:00'], commands: [['echo', 'hi']] };

test('the #SBATCH lines come first: name and log that soce tracks, then the user options in order', () => {
  const lines = batchScript(SPEC, '/shared/work/jobs').split('\n');
  assert.deepEqual(lines.slice(0, 5), [
    '#!/bin/bash',
    '#SBATCH --job-name=soce.run.p1',
    '#SBATCH --output=/shared/work/jobs/soce.run.p1.%j.log',
    '#SBATCH --partition=gpu',
    '#SBATCH --time=04:00:00',
  ]);
  // sbatch reads directives only up to the first command, so none may follow one.
  const firstCommand = lines.findIndex((line, i) => i > 0 && line !== '' && !line.startsWith('#'));
  assert.ok(lines.slice(firstCommand).every((line) => !line.startsWith('#SBATCH')));
});

/** Runs the script with bash as slurmd would (as job 7), outside Slurm. */
async function runScript(spec: BatchJobSpec): Promise<{ exitCode: number | null; stdout: string; exitFile: string | undefined; dir: string }> {
  const dir = `${root}/${spec.name}`;
  await runtime.fs.mkdir(dir);
  const path = `${dir}/job.sbatch`;
  await writeTextFile(runtime.fs, path, batchScript(spec, dir));
  const result = await runtime.runner.run({ argv: ['env', 'SLURM_JOB_ID=7', 'bash', path], timeoutMs: 20_000 });
  assert.equal(result.spawnError, undefined);
  const exitPath = `${dir}/${spec.name}.7.exit`;
  const exitFile = (await runtime.fs.kind(exitPath)) === 'file' ? await runtime.fs.readText(exitPath) : undefined;
  return { exitCode: result.exitCode, stdout: result.stdout, exitFile, dir };
}

test('arguments reach the program exactly, whatever characters they hold; setup lines run first', async () => {
  const tricky = ["it's", '"quoted"', '$HOME', '`date`', 'a b\tc', "line\nbre'ak\\", '\u00e9\u4e2d', '*', '', '\\', '{model}'];
  const run = await runScript({
    name: 'soce.run.args',
    sbatch: [],
    setup: ['export SOCE_SETUP=ready'],
    commands: [['bash', '-c', 'printf "%s|" "$SOCE_SETUP" "$@"', 'argv0', ...tricky]],
  });
  assert.equal(run.exitCode, 0);
  assert.equal(run.stdout, ['ready', ...tricky].map((a) => `${a}|`).join(''));
  assert.equal(run.exitFile, '0\n');
});

test('the first failing command ends the job with its exit code, recorded in the exit-code file', async () => {
  const run = await runScript({
    name: 'soce.run.fail',
    sbatch: ['--time=1'],
    commands: [['bash', '-c', 'echo merged'], ['bash', '-c', 'exit 3'], ['bash', '-c', 'echo never']],
  });
  assert.equal(run.exitCode, 3);
  assert.equal(run.stdout, 'merged\n');
  assert.equal(run.exitFile, '3\n');
  assert.deepEqual((await runtime.fs.list(run.dir)).sort(), ['job.sbatch', 'soce.run.fail.7.exit'], 'no temporary file is left');
});

test('a failing setup line ends the job before any command', async () => {
  const run = await runScript({ name: 'soce.run.setup', sbatch: [], setup: ['false'], commands: [['bash', '-c', 'echo never']] });
  assert.equal(run.exitCode, 1);
  assert.equal(run.stdout, '');
  assert.equal(run.exitFile, '1\n');
});

test('names, directories, setup lines and commands that cannot go into a script are input errors', () => {
  const bad: [BatchJobSpec, string, string][] = [
    [{ ...SPEC, name: 'a b' }, '/w', 'bad-job-name'],
    [{ ...SPEC, name: 'x'.repeat(201) }, '/w', 'bad-job-name'],
    [SPEC, 'relative/dir', 'bad-job-dir'],
    [SPEC, '/with space', 'bad-job-dir'],
    [SPEC, '/100%', 'bad-job-dir'],
    [SPEC, '/$HOME', 'bad-job-dir'],
    [{ ...SPEC, sbatch: ['--output=x'] }, '/w', 'bad-sbatch-option'],
    [{ ...SPEC, setup: ['module load a\nrm -rf /'] }, '/w', 'bad-job-script'],
    [{ ...SPEC, commands: [] }, '/w', 'bad-job-script'],
    [{ ...SPEC, commands: [[]] }, '/w', 'bad-job-script'],
    [{ ...SPEC, commands: [['python', 'a\0b']] }, '/w', 'bad-job-script'],
  ];
  for (const [spec, dir, code] of bad) {
    assert.throws(() => batchScript(spec, dir), (error: unknown) => error instanceof SlurmError && error.code === code && error.kind === 'input', `${JSON.stringify(spec)} in ${dir}`);
  }
});

test('whatever the arguments, the script has its three #SBATCH lines only and one line per command', () => {
  const oneCommand = batchScript({ name: 'soce.r.p', sbatch: ['-p gpu'], commands: [['x']] }, '/w').split('\n').length;
  const word = fc.oneof(fc.string(), fc.constantFrom('\n#SBATCH --output=/x', "'\n'", '\r\n', '\\x0a'));
  fc.assert(
    fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), (commands) => {
      fc.pre(commands.every((argv) => argv[0] !== '' && argv.every((a) => !a.includes('\0'))));
      const lines = batchScript({ name: 'soce.r.p', sbatch: ['-p gpu'], commands }, '/w').split('\n');
      assert.deepEqual(lines.filter((line) => line.startsWith('#SBATCH')), ['#SBATCH --job-name=soce.r.p', '#SBATCH --output=/w/soce.r.p.%j.log', '#SBATCH -p gpu']);
      assert.equal(lines.length, oneCommand + commands.length - 1);
    }),
  );
});
