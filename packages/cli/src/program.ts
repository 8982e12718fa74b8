import { Command, CommanderError } from 'commander';
import { SOCE_VERSION } from '@soce/common';
import { commands } from './commands/mod.ts';
import { cliHint } from './error_hints.ts';
import { EXIT, exitCodeFor } from './exit_code.ts';
import type { CliIo } from './io.ts';

/**
 * Runs the `soce` command line with `argv` (without the node and script paths) and resolves with
 * the exit code. All output goes through `io`, so tests run it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('soce')
    .description('Soup Of Category Experts: find category experts, search soup weights, merge checkpoints.')
    .version(SOCE_VERSION)
    .showHelpAfterError('(run with --help for usage and an example)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  for (const register of commands) register(program, io);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    const hint = cliHint(error);
    io.err(`soce: ${error instanceof Error ? error.message : String(error)}\n${hint === undefined ? '' : `hint: ${hint}\n`}`);
    return exitCodeFor(error);
  }
}
