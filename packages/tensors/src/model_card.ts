/**
 * A soup's model card (`README.md`): Hugging Face front matter, then the recipe for people. Names
 * and paths come from the user's files and directories, so everything interpolated is escaped: a
 * newline, a `|` or Markdown in a model's path shows as text and cannot add a heading, a link, a
 * table row or HTML to the card.
 * @module
 */
import { formatByteSize } from './byte_size.ts';
import { MERGEKIT_CONFIG_NAME, type SoupProvenance } from './soup_provenance.ts';

/** The config and tokenizer files a soup got from one of its models. */
export interface CopiedFiles {
  /** Where they came from, relative to the soup. */
  readonly from: string;
  /** The file names copied. */
  readonly names: readonly string[];
}

/** What a soup's `README.md` says about it, beyond its {@link SoupProvenance}. */
export interface ModelCardFacts {
  /** The soup's directory name, used as the title. */
  readonly title: string;
  /** How the soup was made. */
  readonly provenance: SoupProvenance;
  /** Tensors averaged. */
  readonly merged: number;
  /** Integer and boolean tensors copied (identical in every model). */
  readonly copied: number;
  /** Where config and tokenizer files came from, and which were copied (none: nothing is said). */
  readonly copiedFiles: CopiedFiles | undefined;
  /** Whether `lm_head.weight` was built from tied input embeddings. */
  readonly untiesLmHead: boolean;
}

/** A YAML scalar that stays the string it is, whatever it holds: JSON strings are valid YAML. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/**
 * `text` as inline Markdown (a table cell, a list item, a heading) that renders as exactly that
 * text: the marks that open inline constructs or end a cell (`` \ ` * _ [ ] < > | ! & ~ # ``) are
 * backslash-escaped, and control characters, line breaks included, are shown as `\uXXXX` instead of
 * ending the line. Paths keep their dots and slashes, so the card stays readable as plain text.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|!&~#]/g, '\\$&')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The model card of a soup: Hugging Face front matter (`library_name`, `tags: [merge, soce]`,
 * `base_model` when the recipe names one), the recipe as a table of model names, paths relative
 * to the soup and weights, and how to rebuild it from `mergekit_config.yml` beside it.
 */
export function modelCard(facts: ModelCardFacts): string {
  const { provenance } = facts;
  const frontMatter = ['---', 'library_name: transformers', 'tags:', '  - merge', '  - soce'];
  if (provenance.baseModel !== undefined) frontMatter.push(`base_model: ${yamlString(provenance.baseModel)}`);
  frontMatter.push('---');
  const rows = provenance.ingredients.map(({ name, path, weight }) => `| ${markdownText(name)} | ${path === undefined ? '—' : markdownText(path)} | ${weight} |`);
  const notes = [
    `- Output dtype: ${provenance.outDtype ?? 'as the inputs'}`,
    `- Tensors: ${facts.merged} averaged, ${facts.copied} copied (integer and boolean tensors, identical in every model)`,
    facts.copiedFiles === undefined || facts.copiedFiles.names.length === 0
      ? '- No config or tokenizer files were copied'
      : `- Copied from ${markdownText(facts.copiedFiles.from)}: ${facts.copiedFiles.names.map(markdownText).join(', ')}`,
  ];
  if (provenance.baseModel !== undefined) notes.push(`- Base model: ${markdownText(provenance.baseModel)}`);
  if (provenance.missing === 'merge-present') notes.push('- Tensors some models lack were averaged over the models that have them');
  if (provenance.maxShardBytes !== undefined) notes.push(`- Shards of at most ${formatByteSize(provenance.maxShardBytes)}`);
  if (facts.untiesLmHead) notes.push('- `lm_head.weight` averages the output heads of untied models with the input embeddings of tied ones, so the soup is untied (`tie_word_embeddings: false`)');
  return [
    ...frontMatter,
    `# ${markdownText(facts.title)}`,
    '',
    `A model soup: the weighted average of ${provenance.ingredients.length} checkpoint${provenance.ingredients.length === 1 ? '' : 's'}, made with ${markdownText(provenance.tool)}. Every`,
    'tensor is `Σ_j w_j · model_j`, computed in f32 and rounded once to the output type.',
    '',
    '| model | path (from this directory) | weight |',
    '| --- | --- | --- |',
    ...rows,
    '',
    ...notes,
    '',
    '## Recipe',
    '',
    `[\`${MERGEKIT_CONFIG_NAME}\`](${MERGEKIT_CONFIG_NAME}) beside this card is the recipe in mergekit's \`linear\` format; either tool rebuilds the soup from it:`,
    '',
    '```sh',
    `soce merge --config ${MERGEKIT_CONFIG_NAME} --out DIR     # paths are relative to this directory`,
    `mergekit-yaml ${MERGEKIT_CONFIG_NAME} DIR                # run from this directory`,
    '```',
    '',
  ].join('\n');
}
