/**
 * Prefixes every `id` in an SVG and every reference to one. A page inlines several charts, and
 * ids (clip paths, gradients) are document-global in HTML: two charts both defining `clip1`
 * would clip each other. The prefix makes each chart's ids its own.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? ''));
  if (ids.size === 0) return svg;
  const scoped = (id: string): string => (ids.has(id) ? `${prefix}-${id}` : id);
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}${scoped(id)}${b}`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${scoped(id)})`)
    .replace(/(\s(?:xlink:)?href=")#([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}#${scoped(id)}${b}`);
}
