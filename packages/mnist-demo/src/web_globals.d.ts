/**
 * The web-standard members the MNIST loader needs beyond tools/types/web-standard.d.ts: Node ≥ 20.6
 * and Deno both provide `import.meta.resolve` and `URL`, but the runtime-neutral lib settings
 * declare neither.
 */
interface ImportMeta {
  resolve(specifier: string): string;
}

declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly pathname: string;
}
