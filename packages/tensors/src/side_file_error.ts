/** Why a file beside the weights (config, tokenizer) cannot go into a soup. */
export type SideFileErrorCode = 'link-leaves-checkpoint';

/**
 * A config or tokenizer file that soce will not copy into a soup: a symbolic link that leads out
 * of its checkpoint (other than into the checkpoint's own Hugging Face cache). A soup may be
 * published; a link could make it carry any file of the machine. Bad input: exit code 2, found
 * before anything is written.
 */
export class SideFileError extends Error {
  /** Always `SideFileError`, which is how callers (the CLI's exit codes) recognise it across packages. */
  override readonly name = 'SideFileError';
  /** Which rule was broken (stable, for programs). */
  readonly code: SideFileErrorCode;
  /** The file as found in the checkpoint. */
  readonly path: string;

  /** `message` should already name the file, where it leads and what to do. */
  constructor(code: SideFileErrorCode, path: string, message: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}
