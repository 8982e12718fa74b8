import type { FloatDtype } from './dtype.ts';
import type { ModelWeight } from './merge_weights.ts';

/** The config and tokenizer files a soup got from one of its models. */
export interface CopiedFiles {
  /** The model (or directory) they came from, as the user named it. */
  readonly from: string;
  /** The file names copied. */
  readonly names: readonly string[];
}

/** What a soup's `README.md` says about it. */
export interface ModelCardFacts {
  /** The soup's directory name, used as the title. */
  readonly title: string;
  /** The tool and version, e.g. `soce 0.1.0`. */
  readonly tool: string;
  /** The ingredients with their (normalised) weights, in input order. */
  readonly weights: readonly ModelWeight[];
  /** The float output type asked for, or `undefined` when tensors kept their input type. */
  readonly outDtype: FloatDtype | undefined;
  /** Tensors averaged. */
  readonly merged: number;
  /** Integer and boolean tensors copied (identical in every model). */
  readonly copied: number;
  /** Where config and tokenizer files came from, and which were copied (none: nothing is said). */
  readonly copiedFiles: CopiedFiles | undefined;
  /** Whether `lm_head.weight` was built from tied input embeddings. */
  readonly untiesLmHead: boolean;
}

/** A YAML scalar that stays a string whatever the path looks like: JSON strings are valid YAML. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/**
 * The model card of a soup: Hugging Face front matter, the recipe as a table, and the same recipe
 * in the YAML that `soce merge --config` runs, so the soup can be rebuilt from its card.
 */
export function modelCard(facts: ModelCardFacts): string {
  const rows = facts.weights.map(({ model, weight }) => `| ${model.replaceAll('|', '\\|')} | ${weight} |`);
  const notes = [
    `- Output dtype: ${facts.outDtype ?? 'as the inputs'}`,
    `- Tensors: ${facts.merged} averaged, ${facts.copied} copied (integer and boolean tensors, identical in every model)`,
    facts.copiedFiles === undefined || facts.copiedFiles.names.length === 0
      ? '- No config or tokenizer files were copied'
      : `- Copied from ${facts.copiedFiles.from}: ${facts.copiedFiles.names.join(', ')}`,
  ];
  if (facts.untiesLmHead) notes.push('- `lm_head.weight` averages the output heads of untied models with the input embeddings of tied ones, so the soup is untied (`tie_word_embeddings: false`)');
  const recipe = ['models:', ...facts.weights.flatMap(({ model, weight }) => [`  - path: ${yamlString(model)}`, `    weight: ${weight}`])];
  if (facts.outDtype !== undefined) recipe.push(`out_dtype: ${facts.outDtype.toLowerCase()}`);
  return [
    '---',
    'library_name: transformers',
    'tags:',
    '  - merge',
    '  - model-soup',
    '  - soce',
    '---',
    `# ${facts.title}`,
    '',
    `A model soup: the weighted average of ${facts.weights.length} checkpoints, made with ${facts.tool}. Every`,
    'tensor is `Σ_j w_j · model_j`, computed in f32 and rounded once to the output type.',
    '',
    '| model | weight |',
    '| --- | --- |',
    ...rows,
    '',
    ...notes,
    '',
    '## Recipe',
    '',
    'Rebuild it with `soce merge --config recipe.yaml --out DIR`:',
    '',
    '```yaml',
    ...recipe,
    '```',
    '',
  ].join('\n');
}
