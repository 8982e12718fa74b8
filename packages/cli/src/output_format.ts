/** How a command prints its result: `table` for people (the default), `json` for programs (one object on stdout). */
export const OUTPUT_FORMATS = ['table', 'json'] as const;

/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
