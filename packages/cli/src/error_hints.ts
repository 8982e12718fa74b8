import { SoceError } from '@soce/common';

/**
 * The flag that fixes an error, for the errors one flag fixes. The packages' messages name their
 * options (`normalize`), since SDK users have no flags; the command line adds its own words here.
 */
const HINTS: readonly { readonly name: string; readonly code: string; readonly hint: string }[] = [
  { name: 'MergeError', code: 'unnormalized-weights', hint: '--normalize divides the weights by their sum' },
  { name: 'MergeError', code: 'output-exists', hint: '--overwrite replaces it once the new soup is complete' },
  { name: 'WebGpuUnavailableError', code: 'webgpu-unavailable', hint: '--backend cpu (or backend: cpu) merges without a GPU' },
  { name: 'ConsecutiveFailuresError', code: 'consecutive-failures', hint: 'soce run --retry-failed evaluates the failed points again' },
  { name: 'SideFileError', code: 'link-leaves-checkpoint', hint: '--copy-from DIR copies config and tokenizer files from another directory' },
];

/** The command-line hint for `error`, if a flag fixes it. */
export function cliHint(error: unknown): string | undefined {
  if (!(error instanceof SoceError)) return undefined;
  return HINTS.find((h) => h.name === error.name && h.code === error.code)?.hint;
}
