import { describeWeights, evaluationId, expandArgv, expandEnv, RUN_FILES, scoresPath, soupIngredients, type DryRunResult, type EvaluatorConfig, type PipelineContext, type RunConfig } from '@soce/core';
import { formatByteSize, joinPath } from '@soce/tensors';

/** A command the run would start: for which split, its argv and the variables it adds. */
export interface PlannedCommand {
  readonly split: 'dev' | 'test';
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** The evaluator commands as the run starts them for the probe's point, in slot 0. */
export function plannedCommands(config: RunConfig, ctx: PipelineContext, weights: Readonly<Record<string, number>>): PlannedCommand[] {
  const members = soupIngredients(ctx.candidates, weights);
  const id = evaluationId(weights);
  const model = members.length === 1 ? members[0]!.model : joinPath(joinPath(ctx.out, RUN_FILES.soups), id);
  const command = (split: 'dev' | 'test', evaluator: EvaluatorConfig): PlannedCommand => ({
    split,
    argv: expandArgv(evaluator.command, { model, out: scoresPath(joinPath(ctx.out, `${RUN_FILES.logs}/${split}`), id, evaluator.format), slot: 0 }),
    env: expandEnv(evaluator.env, 0),
  });
  return [command('dev', config.evaluator), ...(config.testEvaluator === undefined ? [] : [command('test', config.testEvaluator)])];
}

/** `soce run --dry-run --format json`: `{ plan, probe }`. */
export function dryRunJson(result: DryRunResult, commands: readonly PlannedCommand[]): unknown {
  return { plan: { ...result.plan, commands }, probe: result.probe };
}

/** An argument as a POSIX shell would need it, for a command line to read or paste. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./{}-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** `soce run --dry-run`'s text: the plan, then what the one evaluation gave. */
export function formatDryRun(result: DryRunResult, commands: readonly PlannedCommand[], out: string): string {
  const { plan, probe } = result;
  const lines = [
    `experts: ${plan.experts.join(', ')}`,
    ...(plan.categories === undefined ? [] : [`categories every evaluation must cover: ${plan.categories.join(', ')}`]),
    'evaluations per phase:',
    ...plan.phases.map((p) => `  ${p.phase.padEnd(11)}${(p.points === null ? '?' : String(p.points)).padStart(5)}  ${p.note}`),
    `one soup on disk: ${formatByteSize(plan.soupBytes)}${plan.concurrency === 1 ? '' : ` (${plan.concurrency} evaluations in flight: ${formatByteSize(plan.soupBytes * plan.concurrency)})`}`,
    `the run stops after ${plan.maxConsecutiveFailures} failed evaluations in a row`,
    'commands, as run for the first point (in slot 0):',
    ...commands.flatMap((c) => [
      `  [${c.split}] ${c.argv.map(shellWord).join(' ')}`,
      ...(Object.keys(c.env).length === 0 ? [] : [`        with ${Object.entries(c.env).map(([k, v]) => `${k}=${shellWord(v)}`).join(' ')}`]),
    ]),
    `probe: ${describeWeights(probe.weights)} → objective ${probe.objective.toFixed(4)}${probe.cached ? ' (from the journal)' : ''}`,
    ...Object.entries(probe.scores).map(([category, score]) => `  ${category}: ${score.toFixed(4)}`),
    `categories: checked. The probe is journaled under ${out}: \`soce run\` with this config reuses it.`,
  ];
  return `${lines.join('\n')}\n`;
}
