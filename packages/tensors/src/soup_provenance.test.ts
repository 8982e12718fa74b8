// A soup documents itself: Hugging Face front matter, model names and paths relative to the soup
// (never absolute), in the card, the safetensors metadata and mergekit_config.yml; names that
// carry newlines or Markdown cannot inject anything into the card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import { openCheckpoint } from './checkpoint.ts';
import { createCpuBackend } from './cpu_backend.ts';
import { MemoryFileSystem } from './memory_file_system.ts';
import { mergeCheckpoints, type MergeOptions } from './merge.ts';
import { markdownText } from './model_card.ts';
import { saveCheckpoint } from './save_checkpoint.ts';

const f32 = (values: number[]): Uint8Array => new Uint8Array(new Float32Array(values).buffer);

/** Merges checkpoints at `paths` (absolute) into `out` and returns what the soup says about itself. */
async function soupOf(paths: readonly string[], out: string, options: Partial<MergeOptions> = {}) {
  const fs = new MemoryFileSystem();
  for (const [i, path] of paths.entries()) await saveCheckpoint(fs, path, [{ name: 'w', dtype: 'F32', shape: [2], data: f32([i, i + 1]) }], { config: { model_type: 'toy' } });
  const weight = 1 / paths.length;
  await mergeCheckpoints(fs, { models: paths.map((model) => ({ model, weight })), out, backend: createCpuBackend(), normalize: true, ...options });
  const soup = await openCheckpoint(fs, out);
  const metadata = [...soup.tensors.values()][0]!.file.header.metadata;
  await soup.close();
  const card = await fs.readText(`${out}/README.md`);
  const frontMatter = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]!) as Record<string, unknown>;
  const recipe = parseYaml(await fs.readText(`${out}/mergekit_config.yml`)) as { merge_method: string; base_model?: string; models: { model: string; parameters: { weight: number } }[]; parameters: { normalize: boolean } };
  const files = [card, await fs.readText(`${out}/mergekit_config.yml`), JSON.stringify(metadata)];
  return { card, frontMatter, metadata, recipe, files };
}

test('the card has Hugging Face front matter: library_name, tags [merge, soce], base_model when the recipe names one', async () => {
  const plain = await soupOf(['/work/models/a', '/work/models/b'], '/work/run/soup');
  assert.deepEqual(plain.frontMatter, { library_name: 'transformers', tags: ['merge', 'soce'] });
  const based = await soupOf(['/work/models/a', '/work/models/b'], '/work/run/soup', { baseModel: 'meta-llama/Llama-3.1-8B' });
  assert.deepEqual(based.frontMatter, { library_name: 'transformers', tags: ['merge', 'soce'], base_model: 'meta-llama/Llama-3.1-8B' });
  assert.equal(based.recipe.base_model, 'meta-llama/Llama-3.1-8B');
  assert.equal(based.metadata['soce_base_model'], 'meta-llama/Llama-3.1-8B');
  const local = await soupOf(['/work/models/a', '/work/models/b'], '/work/run/soup', { baseModel: '/work/models/base' });
  assert.equal(local.frontMatter['base_model'], '../../models/base', 'a local base model is located from the soup, not by an absolute path');
});

test('models are named and located relative to the soup in the card, the metadata and the recipe; no absolute path anywhere', async () => {
  const { card, metadata, recipe, files } = await soupOf(['/work/models/xlam-2-8b', '/work/other/toolace-2-8b'], '/work/run/soup');
  assert.deepEqual(JSON.parse(metadata['soce_models']!), ['xlam-2-8b', 'toolace-2-8b']);
  assert.deepEqual(JSON.parse(metadata['soce_paths']!), ['../../models/xlam-2-8b', '../../other/toolace-2-8b']);
  assert.deepEqual(recipe.models.map((m) => m.model), ['../../models/xlam-2-8b', '../../other/toolace-2-8b']);
  assert.deepEqual(recipe.models.map((m) => m.parameters.weight), [0.5, 0.5]);
  assert.equal(recipe.merge_method, 'linear');
  assert.equal(recipe.parameters.normalize, false, 'the weights are written normalised');
  assert.match(card, /^\| xlam-2-8b \| \.\.\/\.\.\/models\/xlam-2-8b \| 0\.5 \|$/m);
  for (const text of files) assert.ok(!text.includes('/work/'), `no absolute path in:\n${text}`);
});

test('a newline or Markdown in a path cannot inject into the card, and survives exactly in the metadata and the recipe', async () => {
  const hostile = '/work/models/a\n# Injected heading\n| x | y |\n[click](https://evil.example) <script>alert(1)</script> *bold* `code` ![img](x.png)';
  const { card, metadata, recipe } = await soupOf([hostile, '/work/models/b'], '/work/run/soup', { baseModel: 'org/base\n---\nlibrary_name: hijacked' });
  // Hugging Face reads the front matter as YAML and renders the rest as Markdown.
  const body = card.replace(/^---\n[\s\S]*?\n---\n/, '');
  const tokens = new MarkdownIt().parse(body, {});
  const kinds = (type: string) => tokens.filter((t) => t.type === type);
  assert.deepEqual(kinds('heading_open').map((t) => t.tag), ['h1', 'h2'], 'only the title and "Recipe" are headings');
  assert.equal(kinds('tr_open').length, 3, 'the table has its header row and one row per model');
  assert.deepEqual(kinds('html_block'), []);
  const inline = tokens.flatMap((t) => t.children ?? []);
  assert.deepEqual(inline.filter((t) => t.type === 'link_open').map((t) => t.attrGet('href')), ['mergekit_config.yml'], 'the one link is the card\'s own');
  assert.deepEqual(inline.filter((t) => ['html_inline', 'image', 'strong_open', 'em_open'].includes(t.type)), []);
  // The name and the path render as their text in their cells, newlines shown as \u000a.
  const rendered = new MarkdownIt().render(body);
  const [name] = JSON.parse(metadata['soce_models']!) as string[];
  const [path] = JSON.parse(metadata['soce_paths']!) as string[];
  const asCell = (text: string): string => `<td>${new MarkdownIt().utils.escapeHtml(text).replaceAll('\n', '\\u000a')}</td>`;
  assert.ok(rendered.includes(`<tr>\n${asCell(name!)}\n${asCell(path!)}\n<td>0.5</td>\n</tr>`), rendered);
  // Front matter stays three keys with the base model as a string.
  const frontMatter = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]!) as Record<string, unknown>;
  assert.deepEqual(frontMatter, { library_name: 'transformers', tags: ['merge', 'soce'], base_model: 'org/base\n---\nlibrary_name: hijacked' });
  // Metadata and recipe keep the exact name and relative path.
  assert.equal(name, hostile.slice(hostile.lastIndexOf('/') + 1));
  assert.ok(path!.startsWith('../../models/a\n# Injected heading\n| x | y |\n[click]'));
  assert.equal(recipe.models[0]!.model, path);
});

test('markdownText escapes what opens inline Markdown or ends a table cell, and shows control characters', () => {
  assert.equal(markdownText('../m/a_b.safetensors'), '../m/a\\_b.safetensors');
  assert.equal(markdownText('x|y'), 'x\\|y');
  assert.equal(markdownText('a\r\nb\tc'), 'a\\\\u000d\\\\u000ab\\\\u0009c');
});
