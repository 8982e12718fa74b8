// The manifests users install from: every workspace package at one version, internal dependencies
// on exactly that version, and each published package (npm and JSR) describing the same files.
// Wrong manifests only show once a package is installed elsewhere; these checks catch them here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));

/** Every workspace package: its directory and manifest. */
const workspaces = ['packages']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => `${group}/${name}`))
  .filter((dir) => existsSync(join(root, dir, 'package.json')))
  .map((dir) => ({ dir, pkg: readJson(`${dir}/package.json`) }));
const published = workspaces.filter(({ pkg }) => !pkg.private);
const jsrPackages = published.filter(({ dir }) => existsSync(join(root, dir, 'jsr.json')));
const dependencyFields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

test('every workspace package has the version of the others', () => {
  const versions = new Set(workspaces.map(({ pkg }) => pkg.version));
  assert.equal(versions.size, 1, `versions differ: ${workspaces.map(({ pkg }) => `${pkg.name}@${pkg.version}`).join(', ')}`);
});

test('internal dependencies name exactly the workspace version', () => {
  const version = workspaces[0].pkg.version;
  const names = new Set(workspaces.map(({ pkg }) => pkg.name));
  const wrong = workspaces.flatMap(({ pkg }) =>
    dependencyFields.flatMap((field) =>
      Object.entries(pkg[field] ?? {})
        .filter(([name, range]) => names.has(name) && range !== version)
        .map(([name, range]) => `${pkg.name} ${field}.${name}: "${range}" (want "${version}")`),
    ),
  );
  assert.deepEqual(wrong, []);
});

test('a published package depends on no private workspace package (npm install would not find it)', () => {
  const privateNames = new Set(workspaces.filter(({ pkg }) => pkg.private).map(({ pkg }) => pkg.name));
  const offences = published.flatMap(({ pkg }) =>
    ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
      Object.keys(pkg[field] ?? {})
        .filter((name) => privateNames.has(name))
        .map((name) => `${pkg.name} ${field} lists ${name}, which is private: publish it (drop "private") or stop depending on it`),
    ),
  );
  assert.deepEqual(offences, []);
});

test('published packages carry licence, repository, engines, types and public access', () => {
  const url = published[0].pkg.repository?.url;
  for (const { dir, pkg } of published) {
    assert.equal(pkg.license, 'Apache-2.0', `${pkg.name}: license`);
    assert.deepEqual(pkg.repository, { type: 'git', url, directory: dir }, `${pkg.name}: repository (one URL for all, directory = ${dir})`);
    assert.equal(pkg.engines?.node, '>=20', `${pkg.name}: engines.node`);
    assert.equal(pkg.type, 'module', `${pkg.name}: ESM`);
    assert.equal(pkg.types, pkg.exports?.['.']?.types, `${pkg.name}: types is the "." export's types`);
    assert.deepEqual(pkg.publishConfig, { access: 'public' }, `${pkg.name}: scoped packages publish as public`);
    assert.ok(existsSync(join(root, dir, 'README.md')), `${pkg.name}: a README for the registry page`);
  }
});

test('every export maps its source, its types and its code to files of one module', () => {
  for (const { dir, pkg } of published) {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      assert.deepEqual(Object.keys(target), ['@soce/source', 'types', 'default'], `${pkg.name} "${subpath}": conditions in resolution order`);
      const source = target['@soce/source'];
      assert.ok(existsSync(join(root, dir, source)), `${pkg.name} "${subpath}": ${source} exists`);
      const module = source.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '');
      assert.equal(target.types, `${module}.d.ts`, `${pkg.name} "${subpath}": types`);
      assert.equal(target.default, `${module}.js`, `${pkg.name} "${subpath}": default`);
    }
  }
});

test('packages ship the build and the README, never tests or build state', () => {
  for (const { pkg } of published) {
    const files = pkg.files ?? [];
    for (const wanted of ['dist', 'README.md', '!dist/**/*.tsbuildinfo', '!src/**/*.test.ts']) {
      assert.ok(files.includes(wanted), `${pkg.name}: files lists ${wanted}`);
    }
  }
});

test('the build script of a package builds every export', () => {
  for (const { dir, pkg } of published) {
    const configs = readdirSync(join(root, dir)).filter((name) => /^tsconfig\.(lib|node|deno)\.json$/.test(name));
    for (const config of configs) {
      assert.match(pkg.scripts.build, new RegExp(`\\b${config.replace(/\./g, '\\.')}\\b`), `${pkg.name}: "build" builds ${config}`);
    }
    assert.equal(pkg.scripts.prepack, 'npm run build', `${pkg.name}: npm pack and npm publish build first`);
  }
});

test('jsr.json agrees with package.json: name, version, licence and one export per subpath', () => {
  assert.ok(jsrPackages.length >= 4, 'the runtime-neutral packages are on JSR');
  for (const { dir, pkg } of jsrPackages) {
    const jsr = readJson(`${dir}/jsr.json`);
    assert.equal(jsr.name, pkg.name);
    assert.equal(jsr.version, pkg.version);
    assert.equal(jsr.license, pkg.license);
    const fromNpm = Object.fromEntries(Object.entries(pkg.exports).map(([subpath, target]) => [subpath, target['@soce/source']]));
    assert.deepEqual(jsr.exports, fromNpm, `${pkg.name}: JSR exports the sources npm's @soce/source condition names`);
  }
});

test('the Deno workspace that publishes to JSR lists exactly the packages with a jsr.json', () => {
  const workspace = readJson('packages/deno.json').workspace.map((member) => `packages/${member.replace(/^\.\//, '')}`).sort();
  assert.deepEqual(workspace, jsrPackages.map(({ dir }) => dir).sort());
});
