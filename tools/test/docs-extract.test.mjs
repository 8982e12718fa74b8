// How the docs' samples are found (tools/docs/extract.mjs): markers, expected output, TSDoc
// examples, and the output matching that decides whether a page still tells the truth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { markdownSamples, missingLine, tsdocExamples, unmarkedTypeScript } from '../docs/extract.mjs';

const page = [
  '# A page',
  '',
  '<!-- test -->',
  '```ts',
  "console.log('hi');",
  '```',
  '',
  '```text',
  'hi',
  '```',
  '',
  '<!-- file: a.yaml -->',
  '```yaml',
  'x: 1',
  '```',
  '<!-- test exit=2 -->',
  '',
  '```sh',
  'false',
  '```',
  'Some prose.',
  '```text',
  'not an expectation: prose stands between',
  '```',
  '<!-- not-tested: needs a GPU cluster -->',
  '```ts',
  'await train();',
  '```',
  '```ts',
  'unmarked();',
  '```',
].join('\n');

test('markers make tests, files and explicit exceptions, in page order', () => {
  assert.deepEqual(markdownSamples(page, 'p.md'), [
    { file: 'p.md', line: 4, lang: 'ts', code: "console.log('hi');\n", role: 'test', exit: 0, expect: 'hi\n' },
    { file: 'p.md', line: 13, lang: 'yaml', code: 'x: 1\n', role: 'file', name: 'a.yaml' },
    { file: 'p.md', line: 18, lang: 'sh', code: 'false\n', role: 'test', exit: 2 },
    { file: 'p.md', line: 26, lang: 'ts', code: 'await train();\n', role: 'not-tested', reason: 'needs a GPU cluster' },
  ]);
});

test('a TypeScript block without a marker is reported', () => {
  assert.deepEqual(unmarkedTypeScript(page, 'p.md'), [{ file: 'p.md', line: 29 }]);
});

test('a marker without its argument is an error naming the line', () => {
  assert.throws(() => markdownSamples('<!-- file: -->\n```sh\nx\n```\n', 'q.md'), /q\.md:2: <!-- file: NAME -->/);
});

test('the fences of @example tags are TSDoc samples, other fences are not', () => {
  const source = [
    '/**',
    ' * Adds.',
    ' * ```ts',
    ' * notAnExample();',
    ' * ```',
    ' * @example',
    ' * ```ts',
    " * import { add } from '@soce/x';",
    ' *',
    ' * add(1, 2);',
    ' * ```',
    ' * @param a the first',
    ' */',
    'export function add(a: number, b: number): number { return a + b; }',
  ].join('\n');
  assert.deepEqual(tsdocExamples(source, 's.ts'), [{ file: 's.ts', line: 7, lang: 'ts', code: "import { add } from '@soce/x';\n\nadd(1, 2);\n", role: 'example' }]);
});

test('expected lines must appear in order; `...` stands for any text', () => {
  const output = 'npm warn noise\nsoce: /tmp/x/soup already exists; choose\nsecond line\n';
  assert.equal(missingLine(output, 'soce: .../soup already exists; choose\nsecond line\n'), undefined);
  assert.equal(missingLine(output, 'second line\nsoce: .../soup already exists; choose\n'), 'soce: .../soup already exists; choose');
  assert.equal(missingLine(output, 'soce: /tmp/x/soup already'), 'soce: /tmp/x/soup already', 'a line matches whole, not as a prefix');
  assert.equal(missingLine('a (b) [c] $d\n', 'a (b) [c] $d'), undefined, 'regular-expression characters are literal');
});

test('any ordered selection of the output\'s lines is found, and a line the output lacks is not', () => {
  const line = fc.stringMatching(/^[a-z ().*+?[\]]{1,12}$/).filter((s) => s.trim() !== '' && !s.includes('...'));
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (lines, keep) => {
      const output = `${lines.join('\n')}\n`;
      const selection = lines.filter((_, i) => keep[i]);
      assert.equal(missingLine(output, selection.join('\n')), undefined);
      const absent = `${lines.join('')}!`;
      assert.equal(missingLine(output, `${selection.join('\n')}\n${absent}`), absent);
    }),
  );
});
