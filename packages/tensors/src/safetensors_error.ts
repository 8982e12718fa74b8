import { SoceError } from '@soce/common';

/** What is wrong with a safetensors file (or with tensors handed to the writer). */
export type SafetensorsErrorCode =
  | 'file-too-small'
  | 'header-too-large'
  | 'header-past-end'
  | 'header-not-utf8'
  | 'header-not-json'
  | 'bad-metadata'
  | 'bad-tensor-entry'
  | 'unknown-dtype'
  | 'bad-shape'
  | 'bad-offsets'
  | 'size-mismatch'
  | 'partial-byte'
  | 'overlap-or-gap'
  | 'data-size-mismatch'
  | 'duplicate-tensor';

/**
 * A safetensors file that breaks the format, or tensors that cannot be written as one. The message
 * names the file, the tensor when there is one, and what to do about it; `code` is for programs.
 * Kind `input`.
 */
export class SafetensorsError extends SoceError<SafetensorsErrorCode> {
  override readonly name = 'SafetensorsError';
  /** The file (or a label of the output) the error is about. */
  readonly file: string;
  /** The tensor the error is about, if it is about one. */
  readonly tensor: string | undefined;

  /** `message` should already name the file and tensor and say how to fix it. */
  constructor(code: SafetensorsErrorCode, file: string, message: string, tensor?: string) {
    super(message, { code, kind: 'input' });
    this.file = file;
    this.tensor = tensor;
  }
}
