// The SDK as npm users get it: each package packed (`npm pack`, which builds it first), the
// tarballs installed into a fresh project outside the workspace (no workspace links), and small
// scripts run with plain `node` against each package's public API, plus the installed `soce`.
// A missing file, a wrong export path or a dependency only the workspace provides fails here.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const env = { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly exports?: Record<string, Record<string, string>>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}
interface Workspace {
  readonly dir: string;
  readonly pkg: Manifest;
}
/** What `npm pack --json` reports of one tarball. */
interface Packed {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

async function workspaces(): Promise<Workspace[]> {
  const found: Workspace[] = [];
  for (const group of ['packages']) {
    for (const name of await readdir(join(root, group))) {
      try {
        found.push({ dir: `${group}/${name}`, pkg: JSON.parse(await readFile(join(root, group, name, 'package.json'), 'utf8')) as Manifest });
      } catch {
        // Not a package (packages/deno.json, examples/bfcl).
      }
    }
  }
  return found;
}

/** The workspace packages `names` need, transitively, by name. */
function closure(all: readonly Workspace[], names: readonly string[]): Workspace[] {
  const byName = new Map(all.map((w) => [w.pkg.name, w]));
  const seen = new Map<string, Workspace>();
  const visit = (name: string): void => {
    const w = byName.get(name);
    if (w === undefined || seen.has(name)) return;
    seen.set(name, w);
    for (const dep of Object.keys({ ...w.pkg.dependencies, ...w.pkg.optionalDependencies })) visit(dep);
  };
  names.forEach(visit);
  return [...seen.values()];
}

const all = await workspaces();
const published = all.filter((w) => !w.pkg.private);
// Private packages the published ones depend on are packed too, so that every script can run; the
// test "no dependency exists only in the workspace" fails on them.
const packedWorkspaces = closure(all, published.map((w) => w.pkg.name));

const work = await mkdtemp(join(tmpdir(), 'soce-pack-install-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
const packs = new Map<string, Packed>();
after(() => rm(work, { recursive: true, force: true }));

async function node(script: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, [script], { cwd: project, env, maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as unknown;
}

before(async () => {
  await mkdir(tarballs, { recursive: true });
  const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', tarballs, ...packedWorkspaces.flatMap((w) => ['-w', w.pkg.name])], {
    cwd: root,
    env,
    maxBuffer: 64 * 2 ** 20,
  });
  for (const pack of JSON.parse(stdout) as Packed[]) packs.set(pack.name, pack);

  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'soce-consumer', private: true, type: 'module' }));
  for (const file of await readdir(join(root, 'e2e', 'consumer'))) await copyFile(join(root, 'e2e', 'consumer', file), join(project, file));
  await copyFile(join(root, 'examples', 'bfcl', 'bfcl-v3-2025-04-30.csv'), join(project, 'bfcl-v3-2025-04-30.csv'));
  // From the npm cache where it can: the registry only serves what the workspace does not pack.
  await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', ...[...packs.values()].map((p) => join(tarballs, p.filename))], {
    cwd: project,
    env,
    maxBuffer: 64 * 2 ** 20,
  });
});

describe('the tarballs', () => {
  test('every published package and the workspace packages they need were packed', () => {
    assert.deepEqual([...packs.keys()].sort(), packedWorkspaces.map((w) => w.pkg.name).sort());
  });

  test('hold every export target, the types and the README, and no test, fixture or build state', () => {
    for (const { pkg } of published) {
      const files = new Set(packs.get(pkg.name)!.files.map((f) => f.path));
      for (const file of ['package.json', 'README.md']) assert.ok(files.has(file), `${pkg.name}: ${file}`);
      for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
        for (const condition of ['types', 'default']) {
          const path = target[condition]!.replace(/^\.\//, '');
          assert.ok(files.has(path), `${pkg.name} "${subpath}" ${condition}: ${path} is in the tarball`);
        }
      }
      const unwanted = [...files].filter((f) => /\.test\.|tsbuildinfo|fixture/i.test(f));
      assert.deepEqual(unwanted, [], `${pkg.name} ships no tests, fixtures or build state`);
    }
  });

  test('ship no stale build output: every compiled module has its source', () => {
    for (const { pkg } of published) {
      const files = packs.get(pkg.name)!.files.map((f) => f.path);
      const sources = new Set(files.filter((f) => f.startsWith('src/') && f.endsWith('.ts')));
      const stale = files.filter((f) => f.startsWith('dist/') && f.endsWith('.js') && !sources.has(f.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')));
      assert.deepEqual(stale, [], `${pkg.name}: compiled files whose source is gone (delete dist/ and rebuild)`);
    }
  });
});

describe('the installed packages', () => {
  test('no dependency exists only in the workspace', () => {
    const offences = published.flatMap(({ pkg }) =>
      Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })
        .filter((dep) => all.some((w) => w.pkg.name === dep && w.pkg.private))
        .map((dep) => `${pkg.name} needs ${dep}, which is private to the workspace: \`npm install ${pkg.name}\` would fail with a 404 on it`),
    );
    assert.deepEqual(offences, []);
  });

  test('every bare import in the built code is a declared dependency of its package', async () => {
    const builtins = new Set((await import('node:module')).builtinModules);
    for (const { pkg } of published) {
      const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies }));
      const dir = join(project, 'node_modules', ...pkg.name.split('/'));
      const undeclared = new Set<string>();
      for (const file of packs.get(pkg.name)!.files.map((f) => f.path).filter((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
        // Doc comments (kept by tsc) show imports too; only code lines count.
        const code = (await readFile(join(dir, file), 'utf8'))
          .split('\n')
          .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
          .join('\n');
        for (const [, specifier] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)) {
          if (specifier!.startsWith('.') || specifier!.startsWith('node:') || builtins.has(specifier!)) continue;
          const name = specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!;
          if (!declared.has(name)) undeclared.add(`${file} imports ${specifier}`);
        }
      }
      assert.deepEqual([...undeclared], [], `${pkg.name} imports packages its package.json does not list`);
    }
  });

  test('every export of every package loads with plain node', async () => {
    const subpaths = published.flatMap(({ pkg }) => Object.keys(pkg.exports ?? {}).map((s) => `${pkg.name}${s.slice(1)}`));
    const script = join(project, 'load-all.mjs');
    await writeFile(script, `for (const s of ${JSON.stringify(subpaths)}) await import(s);\nconsole.log(JSON.stringify(${subpaths.length}));\n`);
    assert.equal(await node('load-all.mjs'), subpaths.length);
  });

  test('@soce/stats: the analysis of the BFCL v3 table names the paper\'s 8B experts', async () => {
    assert.deepEqual(await node('analyze.mjs'), {
      models: 121,
      weak: ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection'],
      experts: ['ToolACE-2-8B (FC)', 'xLAM-2-8b-fc-r (FC)', 'watt-tool-8B (FC)'],
    });
  });

  test('@soce/search: grid and coordinate ascent find the toy optimum, and a rerun resumes from the file journal', async () => {
    assert.deepEqual(await node('search.mjs'), {
      best: '7,2,1/10',
      stoppedBy: 'converged',
      evaluations: 45,
      calls: 45,
      resumedBest: '7,2,1/10',
      resumedFresh: 0,
    });
  });

  test('@soce/tensors: two checkpoints written with the package merge into the expected soup', async () => {
    const result = (await node('merge.mjs')) as Record<string, unknown>;
    assert.ok(result.backend === 'cpu' || result.backend === 'webgpu', `a backend ran (${String(result.reason)})`);
    assert.deepEqual({ ...result, backend: undefined, reason: undefined }, {
      backend: undefined,
      reason: undefined,
      merged: 2,
      copied: 1,
      shards: ['model.safetensors'],
      // 0.7·[1, 2, 3, 4] + 0.3·[2, 4, 6, 8], each rounded once to f32.
      weight: [1.3, 2.6, 3.9, 5.2].map(Math.fround),
      // 0.7·0.5 + 0.3·1 = 0.65 and its negative half, rounded to bf16.
      bias: [0.6484375, -0.32421875],
      positions: [0, 1, 2],
    });
  });

  test('@soce/core: a config, a benchmark command through nodeProcessRunner and the whole pipeline run', async () => {
    assert.deepEqual(await node('pipeline.mjs'), {
      config: { mode: 'paper', strategy: 'grid', format: 'json' },
      commandScores: { live: 71.5, pathLength: 'some/soup'.length },
      best: '5,3,2/10',
      soup: '/run/soup',
      reportCandidates: ['math', 'code', 'chat'],
    });
  });

  test('@soce/report: the report of a pipeline run renders with plain node, every chart an inline SVG', async () => {
    assert.deepEqual(await node('report.mjs'), {
      charts: ['correlation', 'consistency-before', 'consistency-after', 'tau-sweep', 'search-trace', 'weights'],
      svgs: 6,
      heatmapIsSvg: true,
    });
  });

  test('the declarations type-check in a strict TypeScript project', async () => {
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      files: ['check.ts'],
    }));
    try {
      await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project, env });
    } catch (error) {
      assert.fail(`tsc found errors:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    }
  });

  test('@soce/cli: the installed soce prints its help and analyzes a table', async () => {
    const help = await run(npm, ['exec', '--no', '--', 'soce', '--help'], { cwd: project, env });
    assert.match(help.stdout, /^Usage: soce \[options\] \[command\]/m);
    for (const command of ['analyze', 'shapley', 'merge', 'run']) assert.match(help.stdout, new RegExp(`^ {2}${command} `, 'm'));
    const analysis = await run(npm, ['exec', '--no', '--', 'soce', 'analyze', '--scores', 'bfcl-v3-2025-04-30.csv', '--categories', 'Live Acc,Multi Turn Acc,Relevance Detection', '--format', 'json'], {
      cwd: project,
      env,
      maxBuffer: 16 * 2 ** 20,
    });
    const json = JSON.parse(analysis.stdout) as { categories: string[]; population: string[] };
    assert.deepEqual(json.categories, ['Live Acc', 'Multi Turn Acc', 'Relevance Detection']);
    assert.equal(json.population.length, 121);
  });
});
