import { html, type Html } from './html.ts';

/** One section of the report, with the anchor the table of contents links to. */
export interface Section {
  /** The anchor (`#id`). */
  readonly id: string;
  /** The heading, also the contents entry. */
  readonly title: string;
  /** The section's body, below its heading. */
  readonly body: Html;
}

/** A section's markup. */
export function renderSection(section: Section): Html {
  return html`<section id="${section.id}"><h2>${section.title}</h2>${section.body}</section>`;
}
