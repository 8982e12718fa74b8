import { SoceError } from '@soce/common';

/** Why a file beside the weights (config, tokenizer) cannot go into a soup. */
export type SideFileErrorCode = 'link-leaves-checkpoint';

/**
 * A config or tokenizer file that soce will not copy into a soup: a symbolic link that leads out
 * of its checkpoint (other than into the checkpoint's own Hugging Face cache). A soup may be
 * published; a link could make it carry any file of the machine. Kind `input` (exit code 2), found
 * before anything is written; `code` says which rule was broken.
 */
export class SideFileError extends SoceError<SideFileErrorCode> {
  override readonly name = 'SideFileError';
  /** The file as found in the checkpoint. */
  readonly path: string;

  /** `message` should already name the file, where it leads and what to do. */
  constructor(code: SideFileErrorCode, path: string, message: string) {
    super(message, { code, kind: 'input' });
    this.path = path;
  }
}
