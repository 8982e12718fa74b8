import { formatWeight } from '@soce/search';
import { formatByteSize, type MergeSummary } from '@soce/tensors';

/**
 * The summary of `soce merge` for people; `backendReason` says why that backend ran, `ioThreads`
 * how many threads did the file I/O.
 */
export function formatMergeReport(summary: MergeSummary, backendReason: string, ioThreads: number): string {
  const rate = (summary.bytesRead + summary.bytesWritten) / Math.max(summary.seconds, 1e-9);
  const lines = [
    `soup: ${summary.out} (${summary.shards.length === 1 ? summary.shards[0] : `${summary.shards.length} shards`})`,
    ...summary.models.map((m) => `  ${formatWeight(m.weight).padEnd(6)}  ${m.label ?? m.model}`),
    `tensors: ${summary.tensors} (${summary.merged} averaged, ${summary.copied} copied)`,
    `read ${formatByteSize(summary.bytesRead)}, wrote ${formatByteSize(summary.bytesWritten)} in ${summary.seconds.toFixed(1)} s (${formatByteSize(Math.round(rate))}/s) with the ${summary.backend} backend (${backendReason})`,
  ];
  if (summary.backend === 'cpu') lines.push(`threads: ${summary.threads} computing, ${ioThreads} for file I/O`);
  if (summary.peakMemoryBytes !== undefined) lines.push(`peak memory: ${formatByteSize(summary.peakMemoryBytes)}`);
  return `${lines.join('\n')}\n`;
}

/** The summary of `soce merge --format json`. */
export function mergeReportJson(summary: MergeSummary, backendReason: string, ioThreads: number): string {
  return `${JSON.stringify({
    out: summary.out,
    models: summary.models.map((m) => ({ model: m.label ?? m.model, weight: m.weight })),
    tensors: summary.tensors,
    merged: summary.merged,
    copied: summary.copied,
    shards: summary.shards,
    bytesRead: summary.bytesRead,
    bytesWritten: summary.bytesWritten,
    seconds: summary.seconds,
    backend: summary.backend,
    backendReason,
    threads: summary.threads,
    ioThreads,
    peakMemoryBytes: summary.peakMemoryBytes ?? null,
    removedLeftovers: summary.removedLeftovers,
  }, null, 2)}\n`;
}
