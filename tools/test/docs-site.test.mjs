// The documentation site: typedoc over every export of every published package (packages/*, the
// demo's engine that `soce demo` runs included) plus the guides, built warning-free (typedoc.json
// treats warnings as errors: an undocumented export, a broken {@link} or a guide linking to a
// missing file fails here), and the Pages workflow that publishes what this builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
const config = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8'));
const published = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !pkg.private);
const exported = published.flatMap(({ dir, pkg }) =>
  Object.entries(pkg.exports).map(([subpath, target]) => ({
    name: `${pkg.name}${subpath.slice(1)}`,
    source: `packages/${dir}/${target['@soce/source'].replace(/^\.\//, '')}`,
  })),
);
const out = join(root, 'tmp', 'docs-site');

test('the site documents every export of every SDK package', () => {
  assert.deepEqual([...config.entryPoints].sort(), exported.map((e) => e.source).sort());
  assert.equal(config.treatWarningsAsErrors, true);
  assert.equal(config.validation?.notDocumented, true, 'an undocumented export is a warning, hence an error');
});

test('typedoc builds the site without a warning', () => {
  rmSync(out, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 0, output);
  assert.deepEqual(output.split('\n').filter((line) => /\[(warning|error)\]/.test(line)), []);
});

test('each package export has its page under its import name, each guide its page', () => {
  const modules = readdirSync(join(out, 'modules'));
  for (const { name } of exported) {
    // typedoc's file names replace every character but letters, digits and `-` with `_`.
    assert.ok(modules.includes(`${name.replace(/[^A-Za-z0-9-]/g, '_')}.html`), `a page for ${name}`);
  }
  const index = readFileSync(join(out, 'index.html'), 'utf8');
  for (const guide of readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md'))) {
    const title = /^title:\s*"?(.+?)"?\s*$/m.exec(readFileSync(join(root, 'docs', 'guides', guide), 'utf8'))?.[1] ?? guide.replace(/\.md$/, '');
    assert.ok(existsSync(join(out, 'documents', `${title.replace(/[^A-Za-z0-9-]/g, '_')}.html`)), `a page for ${guide} (${title})`);
    assert.match(index, new RegExp(`href="documents/${title.replace(/[^A-Za-z0-9-]/g, '_')}\\.html"`), `the home page links ${guide}`);
  }
});

test('the Pages workflow builds this site on main and deploys what typedoc writes', () => {
  const workflow = parseYaml(readFileSync(join(root, '.github', 'workflows', 'pages.yml'), 'utf8'));
  assert.deepEqual(workflow.on.push.branches, ['main']);
  assert.equal(workflow.permissions.pages, 'write');
  assert.equal(workflow.permissions['id-token'], 'write');
  const build = workflow.jobs.build.steps;
  const uses = (action) => build.find((step) => step.uses?.startsWith(`${action}@`));
  assert.ok(build.some((step) => step.run === 'npm run docs'), 'runs the docs script');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.scripts.docs, 'typedoc', 'npm run docs is typedoc with typedoc.json');
  assert.ok(uses('actions/configure-pages'));
  assert.equal(uses('actions/upload-pages-artifact').with.path, config.out);
  assert.ok(workflow.jobs.deploy.steps.some((step) => step.uses?.startsWith('actions/deploy-pages@')));
  assert.deepEqual(workflow.jobs.deploy.needs, 'build');
});
