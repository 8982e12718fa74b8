import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { runCli } from './program.ts';

// Vulkan loaders complain on stderr when XDG_RUNTIME_DIR is unset, as it is in containers and CI;
// a private directory keeps them quiet where soce loads the GPU driver itself (--backend webgpu,
// or a hardware adapter found by the probe).
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
