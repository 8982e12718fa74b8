import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCpuBackend } from './cpu_backend.ts';
import type { FileSystem } from './file_system.ts';
import { mergeCheckpoints } from './merge.ts';
import { saveCheckpoint } from './save_checkpoint.ts';
import { SideFileError } from './side_file_error.ts';
import { findSoupFiles } from './soup_files.ts';

// On disk, through the file system of the runtime the tests run under: symbolic links and
// permission bits are what these tests are about, and only a real file system has them.

let fs: FileSystem;
let root: string;
before(async () => {
  fs = 'Deno' in globalThis ? (await import('@soce/tensors/deno')).denoFileSystem : (await import('@soce/tensors/node')).nodeFileSystem;
  root = mkdtempSync(join(tmpdir(), 'soce-side-files-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
/** A checkpoint directory with one F32 tensor and a config. */
async function checkpoint(dir: string): Promise<string> {
  await saveCheckpoint(fs, dir, [{ name: 'w', dtype: 'F32', shape: [2], data: new Uint8Array(new Float32Array([1, 2]).buffer) }], { config: { model_type: 'toy' } });
  return dir;
}

const mode = (path: string): number => statSync(path).mode & 0o777;

async function refused(from: string, file: string, target: RegExp): Promise<void> {
  await assert.rejects(findSoupFiles(fs, from), (error: unknown) => {
    assert.ok(error instanceof SideFileError, String(error));
    assert.equal(error.code, 'link-leaves-checkpoint');
    assert.match(error.message, new RegExp(`^${join(from, file).replaceAll('.', '\\.')} is a link to ${target.source}, outside the checkpoint`));
    return true;
  });
}

test('a side file linked from outside the checkpoint is refused before anything is written', async () => {
  const dir = join(root, `case-${++count}`);
  const model = await checkpoint(join(dir, 'model'));
  writeFileSync(join(dir, 'secret.model'), 'private tokenizer');
  symlinkSync(join(dir, 'secret.model'), join(model, 'tokenizer.model'));
  await refused(model, 'tokenizer.model', /.*\/secret\.model/);
  await assert.rejects(mergeCheckpoints(fs, { models: [{ model, weight: 1 }], out: join(dir, 'soup'), backend: createCpuBackend() }), SideFileError);
  assert.equal(await fs.kind(join(dir, 'soup')), undefined);
  assert.deepEqual((await fs.list(dir)).sort(), ['model', 'secret.model'], 'no temporary directory either');

  // A relative link that climbs out is the same; one that stays inside is fine.
  rmSync(join(model, 'tokenizer.model'));
  writeFileSync(join(model, 'real-tokenizer.json'), '{}');
  symlinkSync('real-tokenizer.json', join(model, 'tokenizer.json'));
  symlinkSync('../secret.model', join(model, 'spiece.model'));
  await refused(model, 'spiece.model', /.*\/secret\.model/);
  rmSync(join(model, 'spiece.model'));
  assert.deepEqual((await findSoupFiles(fs, model)).map((f) => f.name), ['config.json', 'tokenizer.json']);
});

test('links into the Hugging Face cache layout of the same repository are followed, other blobs are not', async () => {
  const hub = join(root, `case-${++count}`, 'hub');
  const repo = join(hub, 'models--org--name');
  const snapshot = await checkpoint(join(repo, 'snapshots', '0123abcd'));
  mkdirSync(join(repo, 'blobs'), { recursive: true });
  writeFileSync(join(repo, 'blobs', 'e3b0c442'), 'sentencepiece model');
  symlinkSync('../../blobs/e3b0c442', join(snapshot, 'tokenizer.model'));
  assert.deepEqual((await findSoupFiles(fs, snapshot)).map((f) => f.name), ['config.json', 'tokenizer.model']);

  const other = join(hub, 'models--someone--else', 'blobs');
  mkdirSync(other, { recursive: true });
  writeFileSync(join(other, 'f00d'), 'another repository');
  symlinkSync(join(other, 'f00d'), join(snapshot, 'vocab.json'));
  await refused(snapshot, 'vocab.json', /.*\/models--someone--else\/blobs\/f00d/);
});

test('a copied side file keeps its source mode, never wider', async () => {
  const dir = join(root, `case-${++count}`);
  const model = await checkpoint(join(dir, 'model'));
  writeFileSync(join(model, 'tokenizer.model'), 'private');
  chmodSync(join(model, 'tokenizer.model'), 0o600);
  writeFileSync(join(model, 'tokenizer.json'), '{}');
  chmodSync(join(model, 'tokenizer.json'), 0o640);
  chmodSync(join(model, 'config.json'), 0o600);
  await mergeCheckpoints(fs, { models: [{ model, weight: 1 }], out: join(dir, 'soup'), backend: createCpuBackend() });
  assert.equal(mode(join(dir, 'soup', 'tokenizer.model')), 0o600);
  assert.equal(mode(join(dir, 'soup', 'tokenizer.json')), 0o640);
  assert.equal(mode(join(dir, 'soup', 'config.json')), 0o600);
});
