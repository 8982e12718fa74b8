// Names each module of the API site as users import it (`@soce/tensors/node`) rather than by its
// file path (`tensors/src/runtime/node/mod`): the names come from the packages' `exports`.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';

const root = new URL('../..', import.meta.url).pathname;

/** Source file of every export → the specifier that imports it. */
function importNames() {
  const names = new Map();
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = join(root, 'packages', dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      names.set(resolve(root, 'packages', dir, target['@soce/source']), `${pkg.name}${subpath.slice(1)}`);
    }
  }
  return names;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  const names = importNames();
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const name = names.get(module.sources?.[0]?.fullFileName ?? '');
      if (name !== undefined) module.name = name;
    }
  });
}
