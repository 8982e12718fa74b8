/**
 * The version of the soce packages (all released together at one version), as recorded in a
 * soup's metadata and model card, a report's footer and `soce --version`.
 */
export const SOCE_VERSION = '0.1.0';

/** `soce <version>`: how soups, journals and reports name the tool that made them. */
export const SOCE_TOOL: string = `soce ${SOCE_VERSION}`;
