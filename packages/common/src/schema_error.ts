/**
 * zod's validation failures turned into soce's errors: every package validates its inputs with
 * zod, and a user must never see a raw `ZodError` (a JSON dump of issues) but one message that
 * names the file (or option group), the key at fault and what to write instead.
 */
import type { z } from 'zod';
import type { SoceError } from './soce_error.ts';

/** How {@link describeSchemaIssues} words the issues. */
export interface SchemaIssueOptions {
  /**
   * Extra words for an unknown key, e.g. `didYouMean(key, knownKeys)` from `@soce/stats`; `path`
   * is where the key sits (`''` at the top level).
   */
  readonly unknownKeyHint?: (key: string, path: string) => string;
  /** At most this many issues are listed (all by default); the rest are counted. */
  readonly limit?: number;
}

/** A key path as written in YAML or JSON: `search.bounds.min`, `models[2].weight`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** Each issue of `error` as one line: `key.path: what is wrong` (an unknown key with its hint). */
export function describeSchemaIssues(error: z.ZodError, options: SchemaIssueOptions = {}): string[] {
  const lines = error.issues.flatMap((issue) => {
    const path = formatKeyPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `unknown key "${path === '' ? key : `${path}.${key}`}"${options.unknownKeyHint?.(key, path) ?? ''}`);
    }
    return [`${path === '' ? '(top level)' : path}: ${issue.message}`];
  });
  const limit = options.limit ?? lines.length;
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more`] : lines;
}

/**
 * One message for all of `error`'s issues, starting with `source` (a file name, or what the value
 * is, such as `webgpu backend options`): `source: key: problem` for one issue, one indented line
 * per issue for several.
 */
export function schemaErrorMessage(error: z.ZodError, source: string, options: SchemaIssueOptions = {}): string {
  const lines = describeSchemaIssues(error, options);
  return lines.length === 1 ? `${source}: ${lines[0]}` : `${source}:\n  ${lines.join('\n  ')}`;
}

/**
 * Parses `value` with `schema`. On failure throws the {@link SoceError} that `fail` builds from
 * {@link schemaErrorMessage} (and the `ZodError`, to keep as its cause), so each package raises
 * its own error class.
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { parseWithSchema, SoceError } from '@soce/common';
 *
 * const schema = z.strictObject({ step: z.number().positive() });
 * try {
 *   parseWithSchema(schema, { step: -1 }, 'search options', (message, cause) => new SoceError(message, { code: 'bad-options', kind: 'input', cause }));
 * } catch (error) {
 *   console.log((error as Error).message); // search options: step: Too small: expected number to be >0
 * }
 * ```
 */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: string,
  fail: (message: string, cause: z.ZodError) => SoceError,
  options: SchemaIssueOptions = {},
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw fail(schemaErrorMessage(result.error, source, options), result.error);
}
