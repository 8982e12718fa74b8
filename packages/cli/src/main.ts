import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { runCli } from './program.ts';

// Vulkan loaders (under the WebGPU backend's adapter probe) complain on stderr when
// XDG_RUNTIME_DIR is unset, as it is in containers and CI; a private directory keeps them quiet.
if (!process.env.XDG_RUNTIME_DIR) {
  const dir = join(tmpdir(), `soce-runtime-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = dir;
}

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
  cwd: process.cwd(),
});
