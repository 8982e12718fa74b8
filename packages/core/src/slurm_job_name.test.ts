import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SlurmError } from './slurm_error.ts';
import { parseSlurmJobName, slurmJobName } from './slurm_job_name.ts';

test('a job name says run and point, and reads back', () => {
  const name = slurmJobName({ run: 'bfcl-8b_2', point: 'xlam-0.500000_toolace-0.500000' });
  assert.equal(name, 'soce.bfcl-8b_2.xlam-0.500000_toolace-0.500000');
  assert.deepEqual(parseSlurmJobName(name), { run: 'bfcl-8b_2', point: 'xlam-0.500000_toolace-0.500000' });
});

test('parts that would break squeue --name, a file name or the parse are refused', () => {
  const bad = [
    { run: 'a.b', point: 'p' },
    { run: '', point: 'p' },
    { run: 'r', point: '' },
    { run: 'r', point: '5,3,2/10' },
    { run: 'r', point: '.hidden' },
    { run: 'r u n', point: 'p' },
    { run: 'x'.repeat(65), point: 'p' },
    { run: 'r', point: 'p'.repeat(129) },
  ];
  for (const label of bad) {
    assert.throws(() => slurmJobName(label), (error: unknown) => error instanceof SlurmError && error.code === 'bad-job-name' && error.kind === 'input', JSON.stringify(label));
  }
});

test("other people's job names are not soce's", () => {
  for (const name of ['train.sh', 'soce', 'soce.', 'soce.run', 'soce..p', 'soce.run.', 'soce.r.,x', 'bash']) assert.equal(parseSlurmJobName(name), undefined, name);
});

test('every valid label round-trips, and parsing any string never throws', () => {
  const part = (chars: string, max: number) => fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: max });
  const word = 'abcXYZ019_-';
  fc.assert(
    fc.property(part(word, 64), part(`${word}.`, 128), (run, point) => {
      fc.pre(!point.startsWith('.'));
      assert.deepEqual(parseSlurmJobName(slurmJobName({ run, point })), { run, point });
    }),
  );
  fc.assert(fc.property(fc.string(), (name) => void parseSlurmJobName(name)));
});
