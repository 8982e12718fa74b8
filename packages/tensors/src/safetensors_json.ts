/**
 * The JSON text of a safetensors header, read as the reference implementation reads it
 * (huggingface/safetensors 0.8.0, whose Rust side deserialises the header with serde_json).
 * `JSON.parse` checks the grammar — the same as serde_json's, whitespace included: space, tab, LF
 * and CR may surround the object — but hides two things the reference refuses: a key that occurs
 * twice where serde expects a struct field (`__metadata__` at the top, `dtype`, `shape` or
 * `data_offsets` in a tensor entry), and a number written as a float (`1.0`, `1e0`) where it
 * expects an unsigned integer (the entries of `shape` and `data_offsets`). A second pass with
 * jsonc-parser's visitor sees keys and number lexemes as written.
 *
 * The second pass, a lexer written in JavaScript, costs more than the rest of opening a checkpoint,
 * so it is skipped when it cannot find anything: when the text is exactly what `JSON.stringify`
 * writes for the parsed value (as safetensors' own writer, serde_json's compact form, writes it,
 * before padding it with spaces) and every `shape` and `data_offsets` array holds plain digits. A
 * text that is its value's own serialisation repeats no key (the value holds each key once), and
 * digits alone are neither a float nor negative.
 *
 * Checked against safetensors 0.8.0 (`safe_open`): leading and trailing JSON whitespace is
 * accepted (its `test_whitespace_leading_padded_header`), a BOM or a form feed is not; two
 * `__metadata__` keys are an error, two keys inside `__metadata__` or two tensors of one name
 * are not (the last wins, as here); unknown fields of a tensor entry are ignored.
 * @module
 */
import { visit, type JSONPath } from 'jsonc-parser';
import { SafetensorsError, type SafetensorsErrorCode } from './safetensors_error.ts';

/** The fields of a tensor entry: serde refuses each of them twice. */
const ENTRY_FIELDS: ReadonlySet<string> = new Set(['dtype', 'shape', 'data_offsets']);

/** An unsigned integer as JSON writes it: no sign, fraction or exponent. */
const UNSIGNED_INTEGER = /^(0|[1-9][0-9]*)$/;

const FIX_CORRUPT = 're-download or re-export the file';

/**
 * Parses header text into its top-level object, or throws a {@link SafetensorsError} naming the
 * file (and the tensor, when the problem is inside its entry).
 */
export function parseHeaderJson(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError('header-not-json', file, `${file}: the header is not a JSON object (${error instanceof Error ? error.message : String(error)}); ${FIX_CORRUPT}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SafetensorsError('header-not-json', file, `${file}: the header is ${Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`}, not a JSON object; ${FIX_CORRUPT}`);
  }
  if (!isCanonical(text, value)) checkWhatJsonParseHides(text, file);
  return value as Record<string, unknown>;
}

/** Every array written right after a `"shape":` or `"data_offsets":` key, its contents captured. */
const SHAPE_OR_OFFSETS = /"(?:shape|data_offsets)":\[([^\]]*)\]/g;

/** Unsigned integers separated by commas, or nothing. */
const PLAIN_DIGITS = /^(?:[0-9]+(?:,[0-9]+)*)?$/;

/** Whether `text` (which parsed to `value`) holds nothing the second pass could refuse; see the module comment. */
function isCanonical(text: string, value: unknown): boolean {
  if (JSON.stringify(value) !== text.trim()) return false;
  for (const [, items] of text.matchAll(SHAPE_OR_OFFSETS)) {
    if (!PLAIN_DIGITS.test(items!)) return false;
  }
  return true;
}

function checkWhatJsonParseHides(text: string, file: string): void {
  let metadataKeys = 0;
  // The entry fields seen in the tensor entry being read (reset at each entry's opening brace).
  let fields = new Set<string>();
  const fail = (code: SafetensorsErrorCode, message: string, tensor?: string): never => {
    throw new SafetensorsError(code, file, `${file}: ${message}; ${FIX_CORRUPT}`, tensor);
  };
  visit(
    text,
    {
      onObjectBegin: (_offset: number, _length: number, _line: number, _column: number, path: () => JSONPath) => {
        if (path().length === 1) fields = new Set();
      },
      onObjectProperty: (property: string, _offset: number, _length: number, _line: number, _column: number, path: () => JSONPath) => {
        const at = path();
        if (at.length === 0 && property === '__metadata__') {
          metadataKeys += 1;
          if (metadataKeys > 1) fail('bad-metadata', 'the header has two __metadata__ keys; a header has at most one');
        } else if (at.length === 1 && at[0] !== '__metadata__' && ENTRY_FIELDS.has(property)) {
          if (fields.has(property)) fail('bad-tensor-entry', `tensor ${String(at[0])} gives ${property} twice`, String(at[0]));
          fields.add(property);
        }
      },
      onLiteralValue: (_value: unknown, offset: number, length: number, _line: number, _column: number, path: () => JSONPath) => {
        const at = path();
        if (at.length !== 3 || at[0] === '__metadata__' || (at[1] !== 'shape' && at[1] !== 'data_offsets')) return;
        const lexeme = text.slice(offset, offset + length);
        if (/^-?[0-9]/.test(lexeme) && !UNSIGNED_INTEGER.test(lexeme)) {
          const field = String(at[1]);
          fail(field === 'shape' ? 'bad-shape' : 'bad-offsets', `tensor ${String(at[0])} has ${lexeme} in ${field}, where safetensors wants a non-negative integer written without a fraction or exponent`, String(at[0]));
        }
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
}
