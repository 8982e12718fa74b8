/**
 * Turns zod's issues into this package's typed errors, so callers see one error class per kind of
 * bad input and a message that names the option at fault.
 */
import type { z } from 'zod';

/**
 * Parses `value` with `schema`; on failure throws `new ErrorClass(...)` listing every issue as
 * `what.path: message`.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  ErrorClass: new (message: string) => Error,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? `${what}.${issue.path.map(String).join('.')}` : what;
    return `${path}: ${issue.message}`;
  });
  throw new ErrorClass(issues.join('; '));
}
