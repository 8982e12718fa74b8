import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { runSoce } from '../test-fixtures/soce_cli.ts';

const repo = new URL('../../../', import.meta.url).pathname;
const V3 = 'examples/bfcl/bfcl-v3-2025-04-30.csv';
const TOP = 'Non-Live AST Acc,Live Acc,Multi Turn Acc,Relevance Detection,Irrelevance Detection';
const EIGHT_B = 'xLAM-2-8b-fc-r (FC),ToolACE-2-8B (FC),watt-tool-8B (FC),BitAgent-8B,CoALM-8B';

const soce = (argv: string[], cwd = repo) => runSoce(argv, cwd);

test("done when: the paper's 8B candidates at τ = 0.2 over the whole v3 leaderboard give xLAM, ToolACE and watt", async () => {
  const { code, out, err } = await soce(['analyze', '--scores', V3, '--categories', TOP, '--population', 'all', '--candidates', EIGHT_B, '--tau', '0.2', '--mode', 'paper', '--format', 'json']);
  assert.equal(err, '');
  assert.equal(code, 0);
  const result = JSON.parse(out);
  assert.deepEqual(result.experts.map((e: { model: string }) => e.model).sort(), ['ToolACE-2-8B (FC)', 'watt-tool-8B (FC)', 'xLAM-2-8b-fc-r (FC)']);
});

test('--format json prints one object with categories, correlation, n, weak, experts and tauSweep', async () => {
  const { code, out } = await soce(['analyze', '--scores', V3, '--categories', TOP, '--candidates', EIGHT_B, '--format', 'json']);
  assert.equal(code, 0);
  const result = JSON.parse(out);
  assert.deepEqual(result.categories, TOP.split(','));
  assert.equal(result.correlation.length, 5);
  for (const row of result.correlation) for (const r of row) assert.ok(r === null || (typeof r === 'number' && r >= -1 && r <= 1));
  assert.deepEqual(result.n[0], [120, 120, 120, 120, 120]);
  assert.ok(Math.abs(result.correlation[0][4] - 0.09878752492314011) < 1e-12);
  assert.deepEqual(result.weak, TOP.split(','));
  for (const e of result.experts) assert.ok(typeof e.model === 'string' && Array.isArray(e.categories));
  assert.equal(result.tauSweep.length, 19);
  assert.deepEqual(Object.keys(result.tauSweep[0]), ['tau', 'weak', 'clusters', 'experts']);
});

test('the table report shows the matrix with weak pairs marked, the weak categories, the experts and the sweep', async () => {
  const { code, out } = await soce(['analyze', '--scores', V3, '--categories', TOP, '--candidates', EIGHT_B]);
  assert.equal(code, 0);
  assert.match(out, /Correlation Pearson over all 121 models \(pairwise-complete, n = 120–121 models per pair\)/);
  assert.match(out, /1 Non-Live AST Acc +1\.00 +0\.60 +0\.23 +0\.51 +0\.10\*/);
  assert.match(out, /Weak categories L: 5 of 5 at τ = 0\.2/);
  assert.match(out, /Live Acc × Relevance Detection +r = +0\.152 +\(n = 120\)/);
  assert.match(out, /Experts: 3\n +ToolACE-2-8B \(FC\) +Non-Live AST Acc, Live Acc, Irrelevance Detection\n +xLAM-2-8b-fc-r \(FC\) +Multi Turn Acc\n +watt-tool-8B \(FC\) +Relevance Detection/);
  assert.match(out, /0\.20 +5 +ToolACE-2-8B \(FC\), xLAM-2-8b-fc-r \(FC\), watt-tool-8B \(FC\) ◀/);
});

test('cluster mode, Spearman, a cap on experts and detected categories show in the report', async () => {
  const clusters = await soce(['analyze', '--scores', V3, '--categories', TOP, '--candidates', EIGHT_B, '--mode', 'cluster', '--tau', '0.45', '--max-experts', '2']);
  assert.equal(clusters.code, 0);
  assert.match(clusters.out, /Clusters: 3 \(average linkage on 1 − \|r\|, cut at 1 − τ\)\n +1\. Non-Live AST Acc, Relevance Detection/);
  assert.match(clusters.out, /Dropped by --max-experts/);
  const detected = await soce(['analyze', '--scores', V3, '--method', 'spearman']);
  assert.equal(detected.code, 0);
  assert.match(detected.out, /Categories +17 \(detected; choose with --categories\)/);
  assert.match(detected.out, /Columns not used as categories\n +Rank: looks like a rank or index, not a score/);
  assert.match(detected.out, /Correlation Spearman/);
});

test('--out writes analysis.json and a valid SVG heatmap, and nothing else', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'soce-analyze-'));
  const { code, out, err } = await soce(['analyze', '--scores', join(repo, V3), '--categories', TOP, '--candidates', EIGHT_B, '--format', 'json', '--out', join(dir, 'nested')]);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(out).experts.length, 3, 'stdout stays one JSON object');
  assert.match(err, /Wrote .*analysis\.json and .*correlation\.svg/);
  assert.deepEqual((await readdir(join(dir, 'nested'))).sort(), ['analysis.json', 'correlation.svg']);
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'nested', 'analysis.json'), 'utf8')), JSON.parse(out));
  const svg = await readFile(join(dir, 'nested', 'correlation.svg'), 'utf8');
  assert.equal(XMLValidator.validate(svg), true);
  for (const label of TOP.split(',')) assert.ok(svg.includes(`>${label}<`), label);
  assert.ok(svg.includes('>0.10<') && svg.includes('>−0.48<'));
});

test('bad input exits 2 naming the file, line and column', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'soce-analyze-'));
  await writeFile(join(dir, 'bad.csv'), 'Model,math,code\na,71%,60%\nb,oops,55%\nc,50%,40%\n');
  const cell = await soce(['analyze', '--scores', 'bad.csv', '--categories', 'math,code'], dir);
  assert.equal(cell.code, 2);
  assert.equal(cell.out, '');
  assert.match(cell.err, /^soce: bad\.csv, line 3, column "math", model "b": "oops" is not a number; write a number such as 78\.45 or 78\.45%/);

  await writeFile(join(dir, 'dup.csv'), 'Model,math\na,1\na,2\n');
  assert.match((await soce(['analyze', '--scores', 'dup.csv'], dir)).err, /dup\.csv, line 3, model "a": model "a" already has a row \(line 2\)/);

  const unknown = await soce(['analyze', '--scores', V3, '--categories', TOP, '--candidates', 'xLAM-2-8b-fc-r,CoALM-8B']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /candidates: "xLAM-2-8b-fc-r" is not a model of .*; did you mean "xLAM-2-8b-fc-r \(FC\)"\?/);

  const category = await soce(['analyze', '--scores', V3, '--categories', 'Live Accuracy']);
  assert.equal(category.code, 2);
  assert.match(category.err, /column "Live Accuracy": no such category column; did you mean "Live Acc"\?/);

  const missing = await soce(['analyze', '--scores', 'nope.csv'], dir);
  assert.deepEqual([missing.code, missing.err], [2, 'soce: --scores nope.csv: no such file\n']);
});

test('bad flags exit 2 with the reason', async () => {
  const tau = await soce(['analyze', '--scores', V3, '--tau', '1.5']);
  assert.equal(tau.code, 2);
  assert.match(tau.err, /τ must be a number between 0 and 1/);
  const mode = await soce(['analyze', '--scores', V3, '--mode', 'clusters']);
  assert.equal(mode.code, 2);
  assert.match(mode.err, /Allowed choices are paper, cluster/);
  assert.equal((await soce(['analyze', '--scores', V3, '--max-experts', '0'])).code, 2);
  assert.equal((await soce(['analyze'])).code, 2);
});

test('--help shows an example', async () => {
  const { code, out } = await soce(['analyze', '--help']);
  assert.equal(code, 0);
  assert.match(out, /Example \(the SoCE paper's BFCL 8B setting\):\n +\$ soce analyze --scores examples\/bfcl\/bfcl-v3-2025-04-30\.csv/);
  assert.match(out, /--population <which>/);
});

test('a failure writing --out exits 1', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'soce-analyze-'));
  await writeFile(join(dir, 'file'), 'not a directory');
  const { code, err } = await soce(['analyze', '--scores', join(repo, V3), '--categories', TOP, '--out', join(dir, 'file')]);
  assert.equal(code, 1);
  assert.match(err, /^soce: /);
});
