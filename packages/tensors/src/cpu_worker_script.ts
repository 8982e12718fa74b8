import type { WorkerScript } from './worker_runtime.ts';

/**
 * What a CPU backend's worker runs (a {@link WorkerScript}: plain JavaScript, no imports). Messages:
 * `{ type: 'module', module }` first, then `{ type: 'attach', memory, shared }` to instantiate the
 * kernel on a shared memory, `{ type: 'detach', memory }`, and `{ type: 'run', id, memory, name,
 * table, inputs, dst, n }`, answered `{ id }` or `{ id, error }`. An unknown message is a bug: it
 * throws, which ends the worker and fails the backend rather than leaving a caller waiting.
 */
export const CPU_WORKER_SCRIPT: WorkerScript = `(post) => {
  let module;
  const kernels = new Map();
  return (message) => {
    switch (message.type) {
      case 'module':
        module = message.module;
        return;
      case 'attach':
        kernels.set(message.memory, new WebAssembly.Instance(module, { env: { memory: message.shared } }).exports);
        return;
      case 'detach':
        kernels.delete(message.memory);
        return;
      case 'run': {
        const { id, memory, name, table, inputs, dst, n } = message;
        try {
          kernels.get(memory)[name](table, inputs, dst, n);
          post({ id });
        } catch (error) {
          post({ id, error: String(error instanceof Error ? error.message : error) });
        }
        return;
      }
      default:
        throw new Error('unknown message to a CPU worker: ' + JSON.stringify(message && message.type));
    }
  };
}`;
