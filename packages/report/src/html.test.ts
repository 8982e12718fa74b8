import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeHtml, html, trusted } from './html.ts';

const unescape = (s: string): string =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');

test('escaped text has no markup characters left and reads back unchanged', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      const escaped = escapeHtml(text);
      assert.doesNotMatch(escaped, /[<>"']/);
      assert.doesNotMatch(escaped, /&(?!(amp|lt|gt|quot|#39);)/);
      assert.equal(unescape(escaped), text);
    }),
  );
});

test('the html tag escapes interpolated text but keeps nested markup, lists and trusted SVG', () => {
  const name = '<b>evil</b> & "co"';
  const row = html`<td title="${name}">${name}</td>`;
  assert.equal(row.markup, '<td title="&lt;b&gt;evil&lt;/b&gt; &amp; &quot;co&quot;">&lt;b&gt;evil&lt;/b&gt; &amp; &quot;co&quot;</td>');
  assert.equal(html`<tr>${[row, html`<td>${2.5}</td>`]}</tr>`.markup, `<tr>${row.markup}<td>2.5</td></tr>`);
  assert.equal(html`<p>${trusted('<svg></svg>')}</p>`.markup, '<p><svg></svg></p>');
  assert.equal(html`a${null}b${undefined}c${false}d`.markup, 'abcd');
  assert.equal(String(html`<i>${'x'}</i>`), '<i>x</i>');
});
