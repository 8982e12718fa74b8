/**
 * The few web-standard globals the runtime-neutral packages use. Both Node and Deno provide them;
 * declaring them here (instead of pulling in the DOM or Node lib) keeps a stray `process`, `Buffer`
 * or `document` in a core package a type error.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare const performance: { now(): number };
