#!/usr/bin/env node
// The project's one test command (README, .ci/run and the GitHub workflow all call it):
// typecheck every project, run every test file under Node and the runtime-neutral packages'
// tests under Deno, then print the combined totals as `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RUNTIME_NEUTRAL_PACKAGES } from './runtime-neutral-dirs.mjs';

const root = new URL('../..', import.meta.url).pathname;

const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
const env = { ...process.env };
if (!env.VK_ICD_FILENAMES && existsSync(swiftshader)) env.VK_ICD_FILENAMES = swiftshader;
env.NO_COLOR = '1';
if (!env.XDG_RUNTIME_DIR) {
  env.XDG_RUNTIME_DIR = join(root, 'tmp', 'xdg');
  mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
}

/** Runs a command, echoing its output, and resolves with the exit code and the text. */
function run(cmd, args) {
  return new Promise((resolve) => {
    process.stdout.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        text += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, text }));
  });
}

function testFiles(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true })
    .filter((f) => /\.test\.(ts|mjs)$/.test(f))
    .map((f) => join(dir, f));
}

const packages = readdirSync(join(root, 'packages'));
const nodeFiles = [
  ...testFiles('tools/test'),
  ...packages.flatMap((p) => testFiles(`packages/${p}/src`)),
  ...testFiles('e2e'),
];
const denoDirs = RUNTIME_NEUTRAL_PACKAGES.map((pkg) => `${pkg}/src`).filter((dir) => existsSync(join(root, dir)));

let passed = 0;
let failed = 0;

// The e2e tests and tools are not an Nx project of their own: they are typechecked here.
const typecheck = await run('npx', ['nx', 'run-many', '-t', 'typecheck', '--output-style=static']);
const e2eTypecheck = await run('npx', ['tsc', '-p', 'e2e/tsconfig.json']);
for (const step of [typecheck, e2eTypecheck]) {
  if (step.code === 0) passed += 1;
  else failed += 1;
}

const node = await run('node', ['--conditions=@soce/source', '--import', 'tsx', '--test', '--test-reporter=spec', ...nodeFiles]);
const nodePass = Number(/ℹ pass (\d+)/.exec(node.text)?.[1] ?? 0);
const nodeFail = Number(/ℹ fail (\d+)/.exec(node.text)?.[1] ?? 0);
passed += nodePass;
failed += nodeFail + (node.code !== 0 && nodeFail === 0 ? 1 : 0);

const deno = await run('npx', ['deno', 'test', '--no-check', '-A', '--config', 'deno.json', ...denoDirs]);
const denoMatch = /(\d+) passed[^|]*\| (\d+) failed/.exec(deno.text);
const denoPass = Number(denoMatch?.[1] ?? 0);
const denoFail = Number(denoMatch?.[2] ?? 0);
passed += denoPass;
failed += denoFail + (deno.code !== 0 && denoFail === 0 ? 1 : 0);

console.log(`\ntypecheck: ${typecheck.code === 0 && e2eTypecheck.code === 0 ? 'ok' : 'FAILED'}; node: ${nodePass} passed, ${nodeFail} failed; deno: ${denoPass} passed, ${denoFail} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
