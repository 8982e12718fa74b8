import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkSbatchOptions } from './sbatch_options.ts';
import { SlurmError } from './slurm_error.ts';

function refusal(options: readonly string[], field?: string): SlurmError {
  try {
    checkSbatchOptions(options, field);
  } catch (error) {
    assert.ok(error instanceof SlurmError, `expected a SlurmError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${JSON.stringify(options)} was accepted`);
}

test('the options of a GPU job pass, trimmed, in order', () => {
  const options = ['--partition=gpu', ' --gres=gpu:1 ', '--mem=64G', '-t 04:00:00', '--time=04:00:00', '-N1', '--export=ALL', '--hint=nomultithread', '--nice=-5', '--exclusive', '--signal=B:USR1@60'];
  assert.deepEqual(checkSbatchOptions(options), options.map((o) => o.trim()));
});

test('the options soce sets itself are refused, in every spelling sbatch accepts, with the reason and the entry', () => {
  const cases: [string, string][] = [
    ['--output=/tmp/x.log', 'output'],
    ['--output /tmp/x.log', 'output'],
    ['--out=/tmp/x.log', 'output'],
    ['-o /tmp/x.log', 'output'],
    ['-o/tmp/x.log', 'output'],
    ['-vo x.log', 'output'],
    ['--error=x', 'error'],
    ['-e x', 'error'],
    ['--job-name=mine', 'job-name'],
    ['--job=mine', 'job-name'],
    ['-J mine', 'job-name'],
    ['--parsable', 'parsable'],
    ['--wrap="python x.py"', 'wrap'],
    ['--array=1-4', 'array'],
    ['-a 1-4', 'array'],
    ['--wait', 'wait'],
    ['-W', 'wait'],
    ['--hold', 'hold'],
    ['-H', 'hold'],
    ['--test-only', 'test-only'],
    ['--help', 'help'],
    ['--version', 'version'],
    ['--partition=gpu --output=x', 'output'],
  ];
  for (const [option, reserved] of cases) {
    const error = refusal(['--mem=1G', option], 'executor.sbatch');
    assert.equal(error.code, 'bad-sbatch-option');
    assert.equal(error.kind, 'input');
    assert.match(error.message, new RegExp(`^executor\\.sbatch\\[1\\] ${JSON.stringify(option).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: soce sets --${reserved} itself \\(.+\\); remove it$`), option);
  }
});

test('long options that only share a start with a reserved one pass', () => {
  for (const option of ['--partition=gpu', '--export=NONE', '--exclude=node1', '--jobid=12', '--wait-all-nodes=1', '--hint=compute_bound', '--open-mode=append']) {
    assert.deepEqual(checkSbatchOptions([option]), [option]);
  }
});

test('an entry with a line break is refused: it would end the directive and start a command', () => {
  for (const option of ['--partition=gpu\nrm -rf ~', '--mem=1G\r', '--time=1\0']) {
    const error = refusal([option]);
    assert.equal(error.code, 'bad-sbatch-option');
    assert.match(error.message, /^sbatch\[0\] .*: an option must be one line; give each option as its own entry$/);
  }
});

test('an entry that is not an option is refused with an example of one', () => {
  for (const option of ['partition=gpu', '', '   ', '-', '--', 'gpu']) {
    assert.match(refusal([option]).message, /not an sbatch option; write it as on the command line, e\.g\. "--partition=gpu"/);
  }
});

test('checking never throws anything but a SlurmError, and what it accepts is one trimmed option line', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string(), fc.string().map((s) => `--${s}`), fc.string().map((s) => `-${s}`))), (options) => {
      try {
        const checked = checkSbatchOptions(options);
        assert.equal(checked.length, options.length);
        for (const option of checked) {
          assert.ok(option.startsWith('-') && !/[\r\n\0]/.test(option) && option === option.trim());
        }
      } catch (error) {
        assert.ok(error instanceof SlurmError && error.code === 'bad-sbatch-option', String(error));
      }
    }),
    { numRuns: 500 },
  );
});
