import { SoceError } from '@soce/common';

/**
 * Bad input to the MNIST demo: options out of range, a checkpoint whose tensors are not the demo's
 * MLP, soup weights that are not a convex combination, or an unreadable `mnist` package. The
 * message names the option, tensor or file and how to fix it. Code `mnist-demo`, kind `input`.
 */
export class MnistDemoError extends SoceError<'mnist-demo'> {
  override readonly name = 'MnistDemoError';
  /** `message` should name the option, tensor or file and the fix. */
  constructor(message: string) {
    super(message, { code: 'mnist-demo', kind: 'input' });
  }
}
