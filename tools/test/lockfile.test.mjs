// `npm ci` refuses a lock file that lacks an optional dependency of a locked package, even one
// for another platform. npm writes such a lock without complaint when the registry does not serve
// that platform's package (some mirrors lag behind), so a CI machine only finds out at install.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../..', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));

/** Where npm would look for `name` from the package at `path`: nested first, then each parent, then the root. */
function locate(path, name) {
  for (let dir = path; ; ) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    if (dir === '') return undefined;
    const index = dir.lastIndexOf('node_modules/');
    dir = index < 0 ? '' : dir.slice(0, Math.max(index - 1, 0));
  }
}

test('every optional dependency of a locked package is in the lock file (npm ci needs them all)', () => {
  const missing = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (locate(path, name) === undefined) missing.push(`${name} (optional dependency of ${path || 'the workspace'})`);
    }
  }
  assert.deepEqual(missing, [], 'pin the parent to a version whose platform packages the registry serves, then npm install');
});
