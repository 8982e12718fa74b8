/**
 * The end of a byte stream, of bounded size: an evaluator may print gigabytes (a progress bar
 * redrawn for hours, a debug dump), and soce keeps only what a person reads in a log and where a
 * score table is printed: the last lines.
 * @module
 */

/** Collects a stream's chunks, keeping only its last `limit` bytes (plus at most one chunk). */
export class OutputTail {
  readonly #limit: number;
  readonly #chunks: Uint8Array[] = [];
  #kept = 0;
  #total = 0;

  /** Keeps the last `limit` bytes (at least 0). */
  constructor(limit: number) {
    this.#limit = Math.max(0, Math.floor(limit));
  }

  /** Appends a chunk, kept as given (not copied): the caller must not refill its buffer. */
  push(chunk: Uint8Array): void {
    this.#total += chunk.length;
    this.#chunks.push(chunk);
    this.#kept += chunk.length;
    while (this.#chunks.length > 1 && this.#kept - this.#chunks[0]!.length >= this.#limit) {
      this.#kept -= this.#chunks.shift()!.length;
    }
  }

  /** Bytes pushed in all. */
  get totalBytes(): number {
    return this.#total;
  }

  /** The last `limit` bytes (fewer if fewer were pushed). */
  bytes(): Uint8Array {
    const all = new Uint8Array(this.#kept);
    let at = 0;
    for (const chunk of this.#chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return all.subarray(Math.max(0, all.length - this.#limit));
  }

  /** The kept bytes as UTF-8 (a character cut at the start of the tail becomes U+FFFD). */
  text(): string {
    return new TextDecoder().decode(this.bytes());
  }
}
