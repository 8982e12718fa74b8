import { parsePointJobSpec, runPointJob } from '@soce/core';
import { nodeProcessRunner } from '@soce/core/node';
import { nodeFileSystem } from '@soce/tensors/node';
import { InterruptedError } from '../interrupted_error.ts';
import { listenForInterrupts } from '../interrupts.ts';
import { openMergeBackend } from '../merge_backend.ts';
import { readInputFile } from '../text_file.ts';
import type { RegisterCommand } from './register_command.ts';

/**
 * `soce job run --spec FILE`: what a Slurm job of `executor: slurm` runs on its compute node
 * (hidden: soce writes the spec and the batch script itself). It merges the point's soup there,
 * runs the evaluator on it and writes the scores beside the spec for the submitting soce.
 */
export const registerJob: RegisterCommand = (program, io) => {
  const job = program.command('job', { hidden: true }).description('Work soce hands to a cluster job (used by executor: slurm)');
  job
    .command('run')
    .description("Merge and evaluate one point from a spec file that soce wrote, and write its scores")
    .requiredOption('--spec <file>', 'the point job spec (JSON)')
    .action(async (flags: { readonly spec: string }) => {
      const spec = parsePointJobSpec(await readInputFile(io.cwd, flags.spec, '--spec'), flags.spec);
      const interrupts = listenForInterrupts();
      const backend = await openMergeBackend(spec.backend);
      try {
        const scores = await runPointJob(spec, { fs: nodeFileSystem, runner: nodeProcessRunner, backend, signal: interrupts.signal });
        io.out(`${JSON.stringify(scores)}\n`);
      } catch (error) {
        const signal = interrupts.received();
        if (signal === undefined) throw error;
        await nodeProcessRunner.settled();
        throw new InterruptedError(signal, `interrupted by ${signal} (Slurm stops a job this way on scancel or at its time limit)`);
      } finally {
        interrupts.dispose();
        await backend.close();
      }
    });
};
