import { checkSbatchOptions } from './sbatch_options.ts';
import { jobExitCodePath, jobLogPath } from './slurm_job_files.ts';
import { SlurmError } from './slurm_error.ts';

/** What one Slurm job runs. */
export interface BatchJobSpec {
  /** The job's name (see `slurmJobName`): letters, digits, `_`, `-`, `.`. */
  readonly name: string;
  /** The user's `sbatch` options, one per entry (`--partition=gpu`), checked by `checkSbatchOptions`. */
  readonly sbatch: readonly string[];
  /** Shell lines run first on the compute node, e.g. `module load cuda/12.4` or `source venv/bin/activate`. */
  readonly setup?: readonly string[];
  /** The programs to run in order, each as an argv (quoted, never re-split); the first to fail ends the job. */
  readonly commands: readonly (readonly string[])[];
}

const NAME = /^[A-Za-z0-9_.-]{1,200}$/;
/**
 * Job directories go into `#SBATCH --output`, where sbatch splits at blanks and expands `%`, and
 * into a double-quoted shell word.
 */
const DIR = /^\/[^\s%"'`$\\\0]*$/;

/**
 * One word for bash: single-quoted, with each `'` written as `'\''`; a word with control
 * characters (a newline) goes in `$'...'` with escapes instead, so every command stays on one line
 * and no argument can put a line of its own, like `#SBATCH ...`, into the script.
 */
function shellWord(word: string): string {
  if (!/[\x00-\x1f\x7f]/.test(word)) return `'${word.replaceAll("'", `'\\''`)}'`;
  const escaped = word.replace(/[\\'\x00-\x1f\x7f]/g, (c) => (c === '\\' || c === "'" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return `$'${escaped}'`;
}

/**
 * The batch script of a job whose files live in `dir` (absolute, on storage the compute nodes
 * see). Its `#SBATCH` lines set the name and log that soce tracks the job by, then the user's
 * options; its body runs the setup lines and commands in a subshell that stops at the first
 * failure, and records the exit code in the job's exit-code file so that the outcome is known
 * without accounting. A job Slurm kills (scancel, time limit) writes no exit code: Slurm's own
 * notice in the log tells those apart. A SlurmError (input) for a bad name, directory, option or
 * command.
 */
export function batchScript(spec: BatchJobSpec, dir: string): string {
  if (!NAME.test(spec.name)) throw new SlurmError('bad-job-name', `job name ${JSON.stringify(spec.name)}: use letters, digits, "_", "-" and "."`);
  if (!DIR.test(dir)) {
    throw new SlurmError('bad-job-dir', `job directory ${JSON.stringify(dir)}: give an absolute path without blanks, quotes, "%", "$" or "\\"`);
  }
  const options = checkSbatchOptions(spec.sbatch);
  const setup = spec.setup ?? [];
  setup.forEach((line, i) => {
    if (/[\r\n\0]/.test(line)) throw new SlurmError('bad-job-script', `setup[${i}] ${JSON.stringify(line)}: give each shell line as its own entry`);
  });
  if (spec.commands.length === 0) throw new SlurmError('bad-job-script', 'a job needs at least one command');
  spec.commands.forEach((argv, i) => {
    if (argv.length === 0 || argv[0] === '') throw new SlurmError('bad-job-script', `commands[${i}] is empty; give a program and its arguments`);
    if (argv.some((arg) => arg.includes('\0'))) throw new SlurmError('bad-job-script', `commands[${i}] holds a NUL character, which no program can receive`);
  });
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${spec.name}`,
    `#SBATCH --output=${jobLogPath(dir, spec.name, '%j')}`,
    ...options.map((option) => `#SBATCH ${option}`),
    '# Written by soce. The commands run in a subshell that stops at the first failure; their exit',
    "# code is then recorded where soce reads it, so a job's outcome is known without accounting.",
    '(',
    '  set -e',
    ...setup.map((line) => `  ${line}`),
    ...spec.commands.map((argv) => `  ${argv.map(shellWord).join(' ')}`),
    ')',
    'status=$?',
    // Written whole: under a temporary name, then renamed.
    `exit_file="${jobExitCodePath(dir, spec.name, '${SLURM_JOB_ID}')}"`,
    `printf '%d\\n' "$status" >"$exit_file.tmp" && mv -f "$exit_file.tmp" "$exit_file"`,
    'exit "$status"',
    '',
  ].join('\n');
}
