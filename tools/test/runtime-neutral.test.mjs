// The runtime-neutral packages must run under Deno and in other non-Node hosts: their sources
// may not import Node built-ins nor touch Node globals. Runtime adapters live under
// `src/runtime/<runtime>/` and tests may use node:test, so both are exempt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNTIME_NEUTRAL_PACKAGES } from './runtime-neutral-dirs.mjs';

const root = new URL('../..', import.meta.url).pathname;
const forbidden = [
  [/from\s+['"]node:/, 'imports a node: built-in'],
  [/import\(\s*['"]node:/, 'imports a node: built-in'],
  [/from\s+['"](fs|path|os|child_process|crypto|stream|util|events|buffer|url)(\/[^'"]*)?['"]/, 'imports a Node built-in'],
  [/\bprocess\.(env|argv|exit|stdout|stderr|cwd|platform|memoryUsage)\b/, 'uses the Node global `process`'],
  [/\bBuffer\.(from|alloc|concat|isBuffer)\b/, 'uses the Node global `Buffer`'],
  [/\b__dirname\b|\b__filename\b|\brequire\(/, 'uses CommonJS globals'],
];

function sources(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith(join('runtime', '')))
    .map((f) => join(dir, f));
}

for (const pkg of RUNTIME_NEUTRAL_PACKAGES) {
  const dir = join(root, pkg, 'src');
  if (!existsSync(dir)) continue;
  test(`${pkg} sources use no Node built-ins or globals`, () => {
    const offences = [];
    for (const file of sources(dir)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const [pattern, what] of forbidden) {
          if (pattern.test(line)) offences.push(`${file.slice(root.length)}:${i + 1} ${what}: ${line.trim()}`);
        }
      });
    }
    assert.deepEqual(offences, [], `move runtime-specific code under src/runtime/<runtime>/:\n${offences.join('\n')}`);
  });
}
