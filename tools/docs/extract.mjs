// Finds the code samples of the docs so that tests can run them: the docs then cannot drift from
// the code. Two sources:
//
// - Markdown (guides, package READMEs). A fenced block is a sample when an HTML comment stands on
//   the line before it (blank lines may sit between):
//     <!-- test -->            run it: ```ts with tsx, ```sh with bash, ```yaml as a soce.yaml
//     <!-- test exit=2 -->     run it and expect that exit code
//     <!-- file: NAME -->      write it to NAME in the page's working directory before what follows
//     <!-- not-tested: WHY --> leave it out, saying why (a ```ts block must be one of these three)
//   A ```text block right after a tested sample is its expected output.
// - TSDoc: every ```ts fence inside an `@example` of a source file runs as it is.
//
// Samples of one page share a working directory and run in page order, like a notebook.

/**
 * @typedef {object} Sample
 * @property {string} file      the page or source file, relative to the repository
 * @property {number} line      1-based line of the opening fence
 * @property {string} lang    the fence's language: ts, sh, yaml, text…
 * @property {string} code
 * @property {'test' | 'file' | 'not-tested' | 'example'} role
 * @property {number} [exit]    expected exit code of a test (0 unless given)
 * @property {string} [name]    file name of a `file:` block
 * @property {string} [reason]  why a block is not tested
 * @property {string} [expect]  the expected output (a ```text block after a test)
 */

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)[^\n]*$/;
const MARKER = /^\s*<!--\s*(test|file:|not-tested:)\s*(.*?)\s*-->\s*$/;

/**
 * The fenced blocks of a Markdown text, each with the marker comment that precedes it, if any.
 * @param {string} text
 * @returns {{ line: number, lang: string, code: string, marker: string | undefined, markerArgs: string }[]}
 */
function fencedBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  let marker;
  let markerArgs = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const m = MARKER.exec(line);
    if (m) {
      marker = m[1].replace(':', '');
      markerArgs = m[2];
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const [, indent, ticks, lang] = fence;
      const body = [];
      let j = i + 1;
      while (j < lines.length && !lines[j].startsWith(`${indent}${ticks}`)) {
        body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
        j += 1;
      }
      blocks.push({ line: i + 1, lang: lang.toLowerCase(), code: `${body.join('\n')}\n`, marker, markerArgs });
      marker = undefined;
      markerArgs = '';
      i = j;
      continue;
    }
    // A marker belongs to the next block only across blank lines.
    if (line.trim() !== '') {
      marker = undefined;
      markerArgs = '';
    }
  }
  return blocks;
}

/**
 * The samples of a Markdown page, in page order: tests (with their expected output), files and
 * blocks marked as not tested. Unmarked blocks are left out, except ```ts ones, reported by
 * {@link unmarkedTypeScript}.
 * @param {string} text
 * @param {string} file
 * @returns {Sample[]}
 */
export function markdownSamples(text, file) {
  const blocks = fencedBlocks(text);
  /** @type {Sample[]} */
  const samples = [];
  for (let i = 0; i < blocks.length; i += 1) {
    const block = blocks[i];
    const base = { file, line: block.line, lang: block.lang, code: block.code };
    if (block.marker === 'test') {
      const exit = /(?:^|\s)exit=(\d+)/.exec(block.markerArgs);
      const next = blocks[i + 1];
      const follows = next !== undefined && next.lang === 'text' && next.marker === undefined && onlyBlankBetween(text, block, next);
      samples.push({ ...base, role: 'test', exit: exit ? Number(exit[1]) : 0, ...(follows ? { expect: next.code } : {}) });
      if (follows) i += 1;
    } else if (block.marker === 'file') {
      if (block.markerArgs === '') throw new Error(`${file}:${block.line}: <!-- file: NAME --> needs a file name`);
      samples.push({ ...base, role: 'file', name: block.markerArgs });
    } else if (block.marker === 'not-tested') {
      if (block.markerArgs === '') throw new Error(`${file}:${block.line}: <!-- not-tested: WHY --> needs a reason`);
      samples.push({ ...base, role: 'not-tested', reason: block.markerArgs });
    }
  }
  return samples;
}

/**
 * The ```ts blocks of a page that carry no marker: a TypeScript sample must run, be a file, or
 * say why it does not run.
 * @param {string} text
 * @param {string} file
 * @returns {{ file: string, line: number }[]}
 */
export function unmarkedTypeScript(text, file) {
  return fencedBlocks(text)
    .filter((block) => (block.lang === 'ts' || block.lang === 'typescript') && block.marker === undefined)
    .map((block) => ({ file, line: block.line }));
}

/**
 * @param {string} text
 * @param {{ line: number, code: string }} block
 * @param {{ line: number }} next
 */
function onlyBlankBetween(text, block, next) {
  const lines = text.split('\n');
  // 1-based line of the closing fence = its 0-based index of the line after it.
  const closing = block.line + block.code.split('\n').length;
  return lines.slice(closing, next.line - 1).every((line) => line.trim() === '');
}

/**
 * The ```ts fences inside the `@example` tags of a TypeScript source file.
 * @param {string} source
 * @param {string} file
 * @returns {Sample[]}
 */
export function tsdocExamples(source, file) {
  /** @type {Sample[]} */
  const samples = [];
  const lines = source.split('\n');
  let inExample = false;
  for (let i = 0; i < lines.length; i += 1) {
    const text = lines[i].replace(/^\s*\*\s?/, '');
    if (/^\s*\*\//.test(lines[i]) || /^\s*\/\*\*/.test(lines[i])) inExample = false;
    if (/^@example\b/.test(text)) {
      inExample = true;
      continue;
    }
    if (/^@\w+/.test(text)) inExample = false;
    if (inExample && /^```(ts|typescript)\s*$/.test(text)) {
      const body = [];
      let j = i + 1;
      while (j < lines.length && !/^```\s*$/.test(lines[j].replace(/^\s*\*\s?/, ''))) {
        body.push(lines[j].replace(/^\s*\*( |$)/, ''));
        j += 1;
      }
      samples.push({ file, line: i + 1, lang: 'ts', code: `${body.join('\n')}\n`, role: 'example' });
      i = j;
    }
  }
  return samples;
}

/**
 * Whether `output` shows `expected`: every non-blank expected line appears, in order, as a line of
 * the output (trailing spaces ignored); `...` inside an expected line stands for any text.
 * Returns the first expected line not found, or `undefined` when all are.
 * @param {string} output
 * @param {string} expected
 * @returns {string | undefined}
 */
export function missingLine(output, expected) {
  const actual = output.split('\n').map((line) => line.trimEnd());
  let at = 0;
  for (const want of expected.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '')) {
    const pattern = new RegExp(`^${want.split('...').map(escapeRegExp).join('.*')}$`);
    while (at < actual.length && !pattern.test(actual[at])) at += 1;
    if (at === actual.length) return want;
    at += 1;
  }
  return undefined;
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
