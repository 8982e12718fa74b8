import { MergeError } from './merge_error.ts';

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};

/**
 * Parses a size like `5GB`, `500MB`, `1.5GiB` or `1048576` into bytes. Units follow Hugging Face's
 * `max_shard_size`: KB/MB/GB/TB are powers of 1000, KiB/MiB/GiB/TiB powers of 1024, case-insensitive;
 * a bare number is bytes.
 */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] || 'b').toLowerCase()];
  const bytes = match === null || unit === undefined ? NaN : Math.floor(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new MergeError('bad-size', `${JSON.stringify(text)} is not a size; write a positive number with an optional unit, like 5GB, 500MB or 2GiB`);
  }
  return bytes;
}

/** Formats bytes for people, in powers of 1000 to match {@link parseByteSize}'s GB. */
export function formatByteSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
