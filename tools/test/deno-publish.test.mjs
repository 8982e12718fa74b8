// The JSR side of the runtime-neutral packages: `deno publish --dry-run` of the Deno workspace in
// packages/ (type check, slow-types check, the files and the rewritten imports), and `deno check`
// of their entry points against nothing but ECMAScript, WebGPU and the few web-standard globals the
// packages declare (tools/types/web-standard.d.ts), so a stray Node, DOM or Deno API fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const deno = join(root, 'node_modules', '.bin', 'deno');
const members = JSON.parse(readFileSync(join(root, 'packages', 'deno.json'), 'utf8')).workspace.map((m) => m.replace(/^\.\//, ''));
const jsr = Object.fromEntries(members.map((m) => [m, JSON.parse(readFileSync(join(root, 'packages', m, 'jsr.json'), 'utf8'))]));

function denoRun(args, cwd) {
  const result = spawnSync(deno, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

test('deno publish --dry-run passes for every package of the workspace, without a warning', () => {
  const { code, output } = denoRun(['publish', '--dry-run', '--allow-dirty'], join(root, 'packages'));
  assert.equal(code, 0, output);
  // Publish diagnostics read `warning[code]: …`; Deno's own notices (npm downloads, skipped
  // install scripts of the `webgpu` package in its cache) are not about the packages.
  const diagnostics = output.split('\n').filter((line) => /^(warning|error)\[/.test(line));
  assert.deepEqual(diagnostics, [], 'JSR would publish with these diagnostics (a slow type wants an explicit type annotation)');
  for (const member of members) {
    assert.match(output, new RegExp(`Simulating publish of @soce/${member}@${jsr[member].version.replaceAll('.', '\\.')} with files:`));
    // Only sources ship, never tests.
    const files = [...output.matchAll(new RegExp(`file://${root}packages/${member}/(\\S+)`, 'g'))].map((m) => m[1]);
    assert.ok(files.includes('src/mod.ts'), `@soce/${member} ships src/mod.ts`);
    assert.deepEqual(files.filter((f) => f.endsWith('.test.ts') || !/^(src\/.*\.ts|README\.md|jsr\.json)$/.test(f)), [], `@soce/${member} ships only sources`);
  }
});

/**
 * A Deno config with a narrow lib. csv-parse's typings say `/// <reference types="node" />`, which
 * would declare `process` and `Buffer` for the whole program, so the check reads the one function
 * @soce/stats uses from a two-line declaration instead.
 */
function narrowConfig(dir, lib) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'csv-parse-sync.d.ts'), 'export declare function parse(input: string, options?: Record<string, unknown>): unknown[];\n');
  const imports = { 'csv-parse/sync': './csv-parse-sync.d.ts' };
  for (const member of members) {
    for (const [subpath, target] of Object.entries(jsr[member].exports)) {
      imports[`@soce/${member}${subpath.slice(1)}`] = join(root, 'packages', member, target);
    }
  }
  const config = join(dir, 'deno.json');
  writeFileSync(config, JSON.stringify({
    nodeModulesDir: 'manual',
    compilerOptions: { lib, types: [join(root, 'tools', 'types', 'web-standard.d.ts')] },
    imports,
  }, null, 2));
  return config;
}

const work = join(root, 'tmp', 'deno-check');
rmSync(work, { recursive: true, force: true });
const neutral = narrowConfig(join(work, 'neutral'), ['esnext', 'deno.webgpu']);
const withDeno = narrowConfig(join(work, 'deno'), ['esnext', 'deno.webgpu', 'deno.ns']);
const entry = (member, subpath) => join(root, 'packages', member, jsr[member].exports[subpath]);

test('the runtime-neutral entry points type-check with no Node, DOM or Deno globals', () => {
  const { code, output } = denoRun(['check', '--config', neutral, ...members.map((m) => entry(m, '.'))], root);
  assert.equal(code, 0, output);
});

test('the Deno entry points type-check with the Deno namespace but no Node or DOM globals', () => {
  const entries = members.filter((m) => './deno' in jsr[m].exports).map((m) => entry(m, './deno'));
  assert.ok(entries.length >= 3);
  const { code, output } = denoRun(['check', '--config', withDeno, ...entries], root);
  assert.equal(code, 0, output);
});

test('that check does fail on process, Buffer, document and Deno in runtime-neutral code', () => {
  const stray = join(work, 'neutral', 'stray.ts');
  writeFileSync(stray, [
    "import { DEFAULT_TAU } from '@soce/stats';",
    'export const a = [DEFAULT_TAU, process.env.HOME, Buffer.from("x"), document.title, Deno.env];',
    '',
  ].join('\n'));
  const { code, output } = denoRun(['check', '--config', neutral, stray], root);
  assert.notEqual(code, 0);
  for (const name of ['process', 'Buffer', 'document', 'Deno']) assert.match(output, new RegExp(`Cannot find name '${name}'`));
});
