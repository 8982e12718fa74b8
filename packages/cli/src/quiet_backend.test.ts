// The default `auto` backend says nothing on stderr: soce looks for a GPU without letting Dawn or
// the Vulkan loader print into the user's terminal (they write from native code, straight to the
// process's stderr). These tests run the real CLI as a user does, on a machine whose Vulkan loader
// lists a driver that is not installed (a leftover ICD file: Dawn then warns, every time, when it
// is loaded in the process), and probe this machine's software driver (SwiftShader).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { saveCheckpoint } from '@soce/tensors';
import { nodeFileSystem } from '@soce/tensors/node';
import { fakeEvaluatorYaml } from '../test-fixtures/fake_evaluator_command.ts';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
const tsx = import.meta.resolve('tsx');
const main = new URL('./main.ts', import.meta.url).pathname;
const gpuModule = new URL('../../tensors/src/runtime/node/gpu.ts', import.meta.url).href;
const root = mkdtempSync(join(tmpdir(), 'soce-quiet-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A Vulkan driver manifest naming a library that is not there, as a removed driver package leaves behind. */
const brokenIcd = join(root, 'leftover_icd.json');
writeFileSync(brokenIcd, JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: join(root, 'libvulkan_gone.so'), api_version: '1.3.0' } }));

/** The environment of a user whose Vulkan loader reads `icd`, without XDG_RUNTIME_DIR. */
function userEnv(icd: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, VK_ICD_FILENAMES: icd, NO_COLOR: '1' };
  delete env['XDG_RUNTIME_DIR'];
  return env;
}

/** Runs node on `args` (with the workspace's TypeScript sources) and collects everything. */
function node(args: readonly string[], cwd: string, icd = brokenIcd): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@soce/source', '--import', tsx, ...args], { cwd, env: userEnv(icd), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function models(): Promise<void> {
  for (const [name, w] of Object.entries({ a: [1, 0, 0], b: [0, 1, 0], c: [0, 0, 1] })) {
    await saveCheckpoint(nodeFileSystem, join(root, name), [{ name: 'w', dtype: 'F32', shape: [3], data: new Uint8Array(new Float32Array(w).buffer) }], { config: { model_type: 'toy' } });
  }
}
const ready = models();

/** Lines the GPU drivers print when they are loaded in the process. */
const DRIVER_NOISE = /Warning:|Vulkan|vkCreateInstance|XDG_RUNTIME_DIR|CheckVkSuccessImpl|dawn/i;

test('soce merge on the default backend prints nothing on stderr, and says in its summary why it merged on the CPU', async () => {
  await ready;
  const run = await node([main, 'merge', '--out', 'soup', '--model', 'a:0.5', '--model', 'b:0.5'], root);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '', 'no driver noise, no progress (stderr is not a terminal)');
  assert.match(run.stdout, /cpu backend \(no WebGPU adapter was found/);
});

test('soce run on the default backend writes only its progress lines to stderr', async () => {
  await ready;
  const config = join(root, 'soce.yaml');
  writeFileSync(config, [
    'candidates: { a: ./a, b: ./b, c: ./c }',
    'experts: [a, b]',
    'search: { strategy: grid, step: 0.5, bounds: { min: 0, max: 1 } }',
    `evaluator: { command: ${fakeEvaluatorYaml(root)}, timeout: 20 }`,
    'out: ./run',
  ].join('\n'));
  const run = await node([main, 'run', '--config', config], root);
  assert.equal(run.code, 0, run.stderr);
  const noise = run.stderr.split('\n').filter((line) => DRIVER_NOISE.test(line));
  assert.deepEqual(noise, [], run.stderr);
  assert.match(run.stderr, /^\[search\] /m, 'the progress lines are there');
});

test('probeGpu: no GPU device file, no probe; with one, the adapter is seen from a child whose driver noise stays there', async () => {
  const noDevice = mkdtempSync(join(root, 'dev-'));
  const withDevice = mkdtempSync(join(root, 'dev-'));
  mkdirSync(join(withDevice, 'dri'));
  writeFileSync(join(withDevice, 'dri', 'renderD128'), '');
  const script = join(root, 'probe.mts');
  writeFileSync(script, [
    `import { probeGpu } from ${JSON.stringify(gpuModule)};`,
    `const none = await probeGpu({ devDir: ${JSON.stringify(noDevice)} });`,
    `const some = await probeGpu({ devDir: ${JSON.stringify(withDevice)} });`,
    'console.log(JSON.stringify({ none, some }));',
  ].join('\n'));
  assert.ok(existsSync(SWIFTSHADER), `SwiftShader's Vulkan driver (${SWIFTSHADER}) is installed (tools/setup.sh)`);
  const run = await node([script], root, SWIFTSHADER);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '', 'Dawn loaded only in the probe\'s child, whose stderr is captured');
  const { none, some } = JSON.parse(run.stdout) as { none: { kind: string; detail?: string }; some: { kind: string; adapter?: { software: boolean; description: string } } };
  assert.deepEqual(none, { kind: 'no-adapter', detail: 'this machine has no GPU device: no /dev/dri/renderD* or /dev/nvidia*' });
  assert.equal(some.kind, 'adapter', 'SwiftShader is found');
  assert.equal(some.adapter?.software, true, `${some.adapter?.description} is a software adapter`);
});
