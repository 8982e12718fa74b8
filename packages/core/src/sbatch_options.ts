import { SlurmError } from './slurm_error.ts';

/**
 * The `sbatch` options soce sets itself, each with why, so that a user's copy is refused with a
 * reason instead of silently breaking state tracking (a job soce cannot find, a log it cannot
 * read, a submission that blocks or submits nothing).
 */
const RESERVED_LONG: Readonly<Record<string, string>> = {
  'job-name': 'soce names each job after its run and point, which is how a rerun finds it',
  output: "soce writes the job's log beside its exit-code file, where it reads both",
  error: "soce keeps stderr in the job's log, which its failure messages point to",
  parsable: 'soce passes --parsable itself to read the job id',
  wrap: 'soce writes the batch script itself',
  array: 'soce submits one job per point; an array job would hide which point failed',
  wait: 'soce submits and then polls; --wait would block submission until the job ends',
  hold: 'a held job never starts, so soce would wait for it forever',
  'test-only': 'a test-only submission starts no job',
  help: 'sbatch would print help instead of submitting',
  usage: 'sbatch would print help instead of submitting',
  version: 'sbatch would print its version instead of submitting',
};

/** Short options that stand for a reserved long one. */
const RESERVED_SHORT: Readonly<Record<string, string>> = { J: 'job-name', o: 'output', e: 'error', a: 'array', W: 'wait', H: 'hold', h: 'help', V: 'version' };

/** sbatch's short options without an argument: `-vQo x` holds `-o` too. */
const SHORT_FLAGS = new Set(['h', 'H', 'I', 'k', 'O', 'Q', 's', 'u', 'v', 'V', 'W']);

function refuse(field: string, index: number, option: string, why: string): never {
  throw new SlurmError('bad-sbatch-option', `${field}[${index}] ${JSON.stringify(option)}: ${why}`);
}

/** The reserved long option that `name` selects: sbatch accepts any unambiguous prefix (`--out`). */
function reservedLong(name: string): string | undefined {
  if (name === '') return undefined;
  return Object.keys(RESERVED_LONG).find((reserved) => reserved.startsWith(name));
}

/** The reserved option among the letters of a short-option group (`-o`, `-ofile`, `-vQo`), if any. */
function reservedShort(group: string): string | undefined {
  for (const letter of group) {
    const reserved = RESERVED_SHORT[letter];
    if (reserved !== undefined) return reserved;
    // Any other letter takes an argument, which is the rest of the group.
    if (!SHORT_FLAGS.has(letter)) return undefined;
  }
  return undefined;
}

/**
 * Checks a user's list of `sbatch` options (one option per entry, as it goes on a `#SBATCH` line:
 * `--partition=gpu`, `--gres=gpu:1`, `-t 04:00:00`) and returns them trimmed. `field` names the
 * list in messages, e.g. `executor.sbatch`. A SlurmError (`bad-sbatch-option`, an input error) for
 * an entry with a line break (it would end the directive and start a command), one that is not an
 * option, or one that soce sets itself (`--output`, `--job-name`, `--parsable`, `--wrap`, ...).
 */
export function checkSbatchOptions(options: readonly string[], field = 'sbatch'): string[] {
  return options.map((raw, index) => {
    if (/[\r\n\0]/.test(raw)) refuse(field, index, raw, 'an option must be one line; give each option as its own entry');
    const option = raw.trim();
    if (!option.startsWith('-') || option === '-' || option === '--') {
      refuse(field, index, raw, 'not an sbatch option; write it as on the command line, e.g. "--partition=gpu" or "-t 04:00:00"');
    }
    // A #SBATCH line may hold several options, so every word that looks like one is checked.
    for (const word of option.split(/\s+/)) {
      if (!word.startsWith('-')) continue;
      const reserved = word.startsWith('--') ? reservedLong(word.slice(2).split('=', 1)[0]!) : reservedShort(word.slice(1));
      if (reserved !== undefined) refuse(field, index, raw, `soce sets --${reserved} itself (${RESERVED_LONG[reserved]}); remove it`);
    }
    return option;
  });
}
