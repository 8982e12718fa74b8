/**
 * The source folders that must run unchanged under Node and Deno: the test runner runs their tests
 * under both, and runtime-neutral.test.mjs keeps Node built-ins and globals out of them.
 */
export const RUNTIME_NEUTRAL_PACKAGES = ['packages/common', 'packages/stats', 'packages/search', 'packages/tensors', 'packages/core', 'packages/report', 'packages/mnist-demo'];
