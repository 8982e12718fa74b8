/**
 * What every soce package shares, and the lowest package of the workspace (it depends on nothing
 * of soce, and every other package depends on it): the error model — {@link SoceError}, the base
 * of every error soce throws, with a stable `code` and a `kind` that tells bad input from a
 * failure while running —, zod validation turned into those errors, the version, and the one
 * tolerance on the sum of soup weights. Runtime-neutral (Node, Deno, browsers).
 * @module
 */
export { SOCE_ERROR_KINDS, SoceError, type SoceErrorKind, type SoceErrorOptions } from './soce_error.ts';
export { describeSchemaIssues, formatKeyPath, parseWithSchema, schemaErrorMessage, type SchemaIssueOptions } from './schema_error.ts';
export { SOCE_TOOL, SOCE_VERSION } from './version.ts';
export { WEIGHT_SUM_TOLERANCE } from './weight_tolerance.ts';
