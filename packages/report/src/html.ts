/**
 * Markup that is already safe to insert: built by the `html` tag (which escaped everything
 * interpolated into it) or, for SVG made by the chart renderers, vouched for with `trusted`.
 * Model names, category names and error messages come from user files, so plain strings are
 * never trusted: keeping them a different type makes forgetting to escape one a type error.
 */
export class Html {
  /** The markup. */
  readonly markup: string;
  /** Use `html` or `trusted`; the constructor is not meant to be called with user text. */
  constructor(markup: string) {
    this.markup = markup;
  }
  /** The markup, so an `Html` can be written out directly. */
  toString(): string {
    return this.markup;
  }
}

/** What may be interpolated into `html`: text (escaped), numbers, markup, lists of these, or nothing. */
export type HtmlValue = string | number | Html | null | undefined | false | readonly HtmlValue[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every interpolated string, so report markup is safe by default;
 * nested `html` results and lists of them are inserted as they are, and `null`/`false` vanish
 * (for sections and cells that are absent).
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, i) => {
    markup += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(markup);
}

/** Marks markup made by our own renderers (the charts' SVG) as safe to insert unescaped. */
export function trusted(markup: string): Html {
  return new Html(markup);
}
