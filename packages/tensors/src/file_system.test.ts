import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFile, writeTextFile, type FileSystem } from './file_system.ts';
import { MemoryFileSystem, MemoryFileSystemError } from './memory_file_system.ts';
import { denoFileSystem } from './runtime/deno/file_system.ts';
import { nodeFileSystem } from './runtime/node/file_system.ts';

const inDeno = 'Deno' in globalThis;

/** The behaviour every FileSystem must share, checked under `root`. */
async function conforms(fs: FileSystem, root: string): Promise<void> {
  await fs.mkdir(`${root}/a/b`);
  await fs.mkdir(`${root}/a/b`);
  assert.equal(await fs.kind(`${root}/a/b`), 'directory');
  assert.equal(await fs.kind(`${root}/nothing`), undefined);
  assert.equal(await fs.kind(`${root}/nothing/deeper`), undefined);

  const sink = await fs.create(`${root}/a/f.bin`);
  await sink.write(new Uint8Array([1, 2, 3]));
  await sink.write(new Uint8Array([4, 5]));
  await sink.close();
  assert.equal(await fs.kind(`${root}/a/f.bin`), 'file');

  const source = await fs.openRead(`${root}/a/f.bin`);
  assert.equal(source.size, 5);
  assert.deepEqual(await source.read(1, 3), new Uint8Array([2, 3, 4]));
  const buffer = new Uint8Array(8);
  const view = await source.read(3, 2, buffer);
  assert.deepEqual(view, new Uint8Array([4, 5]));
  assert.equal(view.buffer, buffer.buffer, 'reads into the given buffer');
  const both = await Promise.all([source.read(0, 2), source.read(2, 3)]);
  assert.deepEqual(both, [new Uint8Array([1, 2]), new Uint8Array([3, 4, 5])], 'concurrent reads do not interfere');
  await assert.rejects(source.read(4, 4));
  await source.close();

  await writeTextFile(fs, `${root}/a/t.txt`, 'héllo');
  assert.equal(await fs.readText(`${root}/a/t.txt`), 'héllo');
  await copyFile(fs, `${root}/a/f.bin`, `${root}/a/b/g.bin`);
  const copy = await fs.openRead(`${root}/a/b/g.bin`);
  assert.deepEqual(await copy.read(0, 5), new Uint8Array([1, 2, 3, 4, 5]));
  await copy.close();
  assert.deepEqual((await fs.list(`${root}/a`)).sort(), ['b', 'f.bin', 't.txt']);

  // A copy keeps its source's permission bits, exactly (not narrowed or widened by the umask).
  const privateFile = `${root}/a/private.txt`;
  await writeTextFile(fs, privateFile, 'secret', { mode: 0o600 });
  assert.equal(await fs.mode(privateFile), 0o600);
  await copyFile(fs, privateFile, `${root}/a/b/private-copy.txt`);
  assert.equal(await fs.mode(`${root}/a/b/private-copy.txt`), 0o600);
  await writeTextFile(fs, `${root}/a/b/shared.txt`, 'x', { mode: 0o664 });
  assert.equal(await fs.mode(`${root}/a/b/shared.txt`), 0o664);
  await fs.remove(privateFile);
  await fs.remove(`${root}/a/b/private-copy.txt`);
  await fs.remove(`${root}/a/b/shared.txt`);
  assert.equal(await fs.realPath(`${root}/a/./b`), `${await fs.realPath(root)}/a/b`);
  await assert.rejects(fs.realPath(`${root}/nothing`));

  await fs.rename(`${root}/a`, `${root}/c`);
  assert.equal(await fs.kind(`${root}/a`), undefined);
  assert.equal(await fs.kind(`${root}/c/b/g.bin`), 'file');
  await fs.mkdir(`${root}/d`);
  await assert.rejects(fs.rename(`${root}/c`, `${root}/d`), 'renaming onto an existing path fails');
  await fs.remove(`${root}/c`);
  await fs.remove(`${root}/c`);
  assert.equal(await fs.kind(`${root}/c`), undefined);
  assert.deepEqual(await fs.list(root), ['d']);
}

test('MemoryFileSystem behaves like a file system', async () => {
  await conforms(new MemoryFileSystem(), '/tmp/x');
  await conforms(new MemoryFileSystem(), 'relative');
});

test('MemoryFileSystem is strict where real file systems are', async () => {
  const fs = new MemoryFileSystem({ 'a/f': 'x' });
  await assert.rejects(fs.create('missing/f'), MemoryFileSystemError);
  await assert.rejects(fs.openRead('a/g'), MemoryFileSystemError);
  await assert.rejects(fs.rename('a', 'a/inside'), MemoryFileSystemError);
  await assert.rejects(fs.list('a/f'), MemoryFileSystemError);
  assert.deepEqual(fs.paths(), ['a', 'a/f']);
});

async function onDisk(fs: FileSystem): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'soce-fs-'));
  try {
    await conforms(fs, root);
    // realPath follows symbolic links to where the file is.
    await fs.mkdir(`${root}/target`);
    await writeTextFile(fs, `${root}/target/file`, 'x');
    await symlink(`${root}/target/file`, `${root}/link`);
    assert.equal(await fs.realPath(`${root}/link`), `${await realpath(root)}/target/file`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

// Each runtime tests its own file system (the setup above uses node:fs, Deno's Node compatibility under Deno).
test(`the ${inDeno ? 'Deno' : 'Node'} file system behaves like a file system`, () => onDisk(inDeno ? denoFileSystem : nodeFileSystem));
