/**
 * Bad input to the MNIST demo: options out of range, a checkpoint whose tensors are not the demo's
 * MLP, soup weights that are not a convex combination, or an unreadable `mnist` package. The
 * message names the option, tensor or file and how to fix it; the CLI maps it to exit code 2.
 */
export class MnistDemoError extends Error {
  override readonly name = 'MnistDemoError';
}
