// Runs the code samples of the docs (see tools/docs/extract.mjs for how a page marks them) so the
// guides, the package READMEs and the API examples cannot drift from the code: TypeScript samples
// are type-checked together, then each runs with tsx; shell samples run with bash and the built
// `soce`; soce.yaml samples must validate. A ```text block after a sample is its expected output.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunConfig } from '@soce/core';
import { markdownSamples, missingLine, tsdocExamples, unmarkedTypeScript } from '../docs/extract.mjs';

const root = new URL('../..', import.meta.url).pathname;
// Inside the repository, so that samples resolve `@soce/*` (and their dependencies) as users of
// the workspace do; tmp/ is ignored by git.
const work = join(root, 'tmp', 'docs-samples');

const listDir = (dir, pattern) =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((name) => pattern.test(name)).map((name) => `${dir}/${name}`) : [];
const packages = readdirSync(join(root, 'packages')).filter((name) => existsSync(join(root, 'packages', name, 'package.json')));
const pages = [
  ...listDir('docs', /\.md$/),
  ...listDir('docs/guides', /\.md$/),
  ...packages.map((name) => `packages/${name}/README.md`).filter((file) => existsSync(join(root, file))),
  'examples/deno/README.md',
];
const sources = packages.flatMap((name) =>
  readdirSync(join(root, 'packages', name, 'src'), { recursive: true })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => `packages/${name}/src/${file}`),
);

const slug = (file) => file.replace(/\.(md|ts)$/, '').replace(/[^A-Za-z0-9]+/g, '-');
/** One group of samples sharing a working directory: a page, or one API example. */
const groups = [
  ...pages.map((page) => ({ name: page, dir: join(work, slug(page)), samples: markdownSamples(readFileSync(join(root, page), 'utf8'), page) })),
  ...sources.flatMap((file) =>
    tsdocExamples(readFileSync(join(root, file), 'utf8'), file).map((sample) => ({
      name: `${file}:${sample.line}`,
      dir: join(work, 'api', `${slug(file)}-${sample.line}`),
      samples: [sample],
    })),
  ),
].filter((group) => group.samples.some((sample) => sample.role !== 'not-tested'));

const runnable = (sample) => sample.role === 'test' || sample.role === 'example';
const scriptName = (sample) => `sample-${sample.line}.ts`;

rmSync(work, { recursive: true, force: true });
for (const group of groups) {
  mkdirSync(group.dir, { recursive: true });
  // Samples name the repository's example data by its usual relative path.
  symlinkSync(join(root, 'examples'), join(group.dir, 'examples'));
  for (const sample of group.samples) {
    if (runnable(sample) && sample.lang === 'ts') writeFileSync(join(group.dir, scriptName(sample)), sample.code);
  }
}
writeFileSync(
  join(work, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    // The packages' sources come along (through the @soce/source condition); they use WebAssembly
    // and WebGPU types, which DOM and @webgpu/types declare.
    compilerOptions: {
      noEmit: true,
      composite: false,
      declaration: false,
      declarationMap: false,
      isolatedDeclarations: false,
      lib: ['ES2023', 'DOM'],
      types: ['node', '@webgpu/types'],
    },
    include: ['**/sample-*.ts'],
  }),
);

/** Runs a command in a sample's directory with the workspace's tools first on the PATH. */
function execute(command, args, cwd, input) {
  const env = { ...process.env, NO_COLOR: '1', PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` };
  const result = spawnSync(command, args, { cwd, env, input, encoding: 'utf8', maxBuffer: 64 * 2 ** 20, timeout: 300_000 });
  return { code: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

function runSample(sample, dir) {
  switch (sample.lang) {
    case 'ts':
      return execute(process.execPath, ['--conditions=@soce/source', '--import', 'tsx', scriptName(sample)], dir);
    case 'sh':
    case 'bash':
      // `soce` is on the PATH (node_modules/.bin); going through npx only adds npm's start-up.
      return execute('bash', ['-e', '-o', 'pipefail', '-s'], dir, sample.code.replace(/\bnpx soce\b/g, 'soce'));
    case 'yaml':
      try {
        parseRunConfig(sample.code, `${sample.file}:${sample.line}`);
        return { code: 0, output: '' };
      } catch (error) {
        return { code: 2, output: error instanceof Error ? error.message : String(error) };
      }
    default:
      throw new Error(`${sample.file}:${sample.line}: cannot run a \`\`\`${sample.lang} sample; mark it not-tested or use ts, sh or yaml`);
  }
}

test('every TypeScript sample of the guides runs, or says why it cannot', () => {
  const docs = pages.filter((page) => page.startsWith('docs/'));
  const unmarked = docs.flatMap((page) => unmarkedTypeScript(readFileSync(join(root, page), 'utf8'), page));
  assert.deepEqual(unmarked, [], 'mark each with <!-- test --> or <!-- not-tested: why -->');
});

test('the TypeScript samples type-check against the packages', () => {
  const { code, output } = execute(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(work, 'tsconfig.json')], root);
  assert.equal(code, 0, output.replaceAll(`${work}/`, ''));
});

for (const group of groups) {
  describe(group.name, () => {
    for (const sample of group.samples) {
      if (sample.role === 'file') {
        test(`line ${sample.line}: writes ${sample.name}`, () => writeFileSync(join(group.dir, sample.name), sample.code));
      } else if (runnable(sample)) {
        test(`line ${sample.line}: \`\`\`${sample.lang} ${sample.exit ? `exits ${sample.exit}` : 'runs'}${sample.expect ? ' and prints what the page shows' : ''}`, () => {
          const { code, output } = runSample(sample, group.dir);
          const shown = output.replaceAll(`${group.dir}/`, '').slice(-4000);
          assert.equal(code, sample.exit ?? 0, `${sample.file}:${sample.line} exited ${code}:\n${shown}`);
          if (sample.expect !== undefined) {
            const missing = missingLine(output, sample.expect);
            assert.equal(missing, undefined, `${sample.file}:${sample.line}: the output lacks the line\n  ${missing}\nafter the lines before it; it printed:\n${shown}`);
          }
        });
      }
    }
  });
}

test('the main entry points of the SDK carry a runnable example', () => {
  const documented = groups.filter((group) => group.samples[0]?.role === 'example').map((group) => group.name.replace(/:\d+$/, ''));
  for (const file of ['packages/stats/src/analyze.ts', 'packages/search/src/session.ts', 'packages/tensors/src/merge.ts', 'packages/core/src/run_pipeline.ts']) {
    assert.ok(documented.includes(file), `${file} has an @example`);
  }
});
