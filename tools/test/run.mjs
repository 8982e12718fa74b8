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

/**
 * Runs a command and resolves with the exit code, the signal that killed it (if any) and the text.
 * Its output is echoed as it comes, or, with `quiet`, left to the caller to print (so that two
 * suites running side by side do not interleave their lines).
 */
function run(cmd, args, { quiet = false } = {}) {
  return new Promise((resolve) => {
    if (!quiet) process.stdout.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        text += chunk;
        if (!quiet) (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('close', (code, signal) => resolve({ code: code ?? 1, signal, text, command: `${cmd} ${args.join(' ')}` }));
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

// Node and Deno run side by side: most of either suite waits on processes (Slurm jobs, the
// real lm-eval, merges on disk), so together they fill the machine's cores instead of one each.
// Deno's output is printed whole once Node's is done.
const denoRun = run('npx', ['deno', 'test', '--no-check', '-A', '--config', 'deno.json', ...denoDirs], { quiet: true });
const node = await run('node', ['--conditions=@soce/source', '--import', 'tsx', '--test', '--test-reporter=spec', ...nodeFiles]);
const nodePass = Number(/ℹ pass (\d+)/.exec(node.text)?.[1] ?? 0);
const nodeFail = Number(/ℹ fail (\d+)/.exec(node.text)?.[1] ?? 0);
passed += nodePass;
failed += nodeFail + (node.code !== 0 && nodeFail === 0 ? 1 : 0);

let deno = await denoRun;
process.stdout.write(`\n$ ${deno.command}\n${deno.text}`);
// Deno 2.9.5 has aborted in its own teardown (a glibc heap-corruption abort at exit) after every
// test had passed, in fresh-clone CI runs only, never when run alone; the cause is not found yet.
// That crash, and only that one, earns one rerun of the suite, said loudly; a second crash counts
// as a failure, and so does any failed test.
if (deno.code !== 0 && /^ok \| \d+ passed[^|]*\| 0 failed/m.test(deno.text)) {
  process.stdout.write(`\ndeno test passed every test, then exited with ${deno.code} in its teardown: running the Deno suite once more\n`);
  deno = await run('npx', ['deno', 'test', '--no-check', '-A', '--config', 'deno.json', ...denoDirs]);
}
const denoMatch = /(\d+) passed[^|]*\| (\d+) failed/.exec(deno.text);
const denoPass = Number(denoMatch?.[1] ?? 0);
const denoFail = Number(denoMatch?.[2] ?? 0);
passed += denoPass;
failed += denoFail + (deno.code !== 0 && denoFail === 0 ? 1 : 0);

console.log(`\ntypecheck: ${typecheck.code === 0 && e2eTypecheck.code === 0 ? 'ok' : 'FAILED'}; node: ${nodePass} passed, ${nodeFail} failed; deno: ${denoPass} passed, ${denoFail} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
