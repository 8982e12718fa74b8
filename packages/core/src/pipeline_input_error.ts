import { SoceError } from '@soce/common';

/**
 * A pipeline asked to do something its inputs cannot give: no experts and no scores to pick them
 * from, an expert without a checkpoint, an analysis that picked no expert. Code `pipeline-input`,
 * kind `input`.
 */
export class PipelineInputError extends SoceError<'pipeline-input'> {
  override readonly name = 'PipelineInputError';
  /** `message` should name the expert or setting at fault and the fix. */
  constructor(message: string) {
    super(message, { code: 'pipeline-input', kind: 'input' });
  }
}
