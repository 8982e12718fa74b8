// Type-checked against the installed packages' declarations: every export path has types, and the
// main entry points have the signatures the docs show.
import { analyze, parseScoreTable, ScoreTableError, type Analysis, type ScoreTable } from '@soce/stats';
import { openSearchSession, searchWeights, type SearchResult, type SearchSession } from '@soce/search';
import { fileJournalStore } from '@soce/search/node';
import { fileJournalStore as denoJournalStore } from '@soce/search/deno';
import { createCpuBackend, mergeCheckpoints, selectBackend, type MergeBackend, type MergeSummary } from '@soce/tensors';
import { acquireGpu, nodeFileSystem } from '@soce/tensors/node';
import { denoFileSystem } from '@soce/tensors/deno';
import { parseRunConfig, runPipeline, type PipelineResult, type RunConfig } from '@soce/core';
import { nodeProcessRunner } from '@soce/core/node';
import { SoceError } from '@soce/common';
import { correlationHeatmapSvg, renderReport } from '@soce/report';
import { denoProcessRunner } from '@soce/core/deno';
import { EXIT, runCli, type CliIo } from '@soce/cli';

const table: ScoreTable = parseScoreTable('Model,a,b\nm,1,2\nn,2,1\no,3,3\n', 'inline.csv');
export const analysis: Analysis = analyze(table, { tau: 0.2 });
export const error: SoceError = new ScoreTableError({ source: 'x.csv' }, 'bad');
export const kind: 'input' | 'runtime' = error.kind;
export const search: Promise<SearchResult> = searchWeights({ experts: ['a', 'b'], evaluator: async (w) => ({ x: w.get('a') }) });
export const session: Promise<SearchSession> = openSearchSession({ experts: ['a', 'b'], evaluator: async () => ({ x: 1 }), journal: fileJournalStore('j.jsonl') });
export const journals = [denoJournalStore, fileJournalStore] as const;
const backend: MergeBackend = createCpuBackend();
export const merged: Promise<MergeSummary> = mergeCheckpoints(nodeFileSystem, { models: [{ model: 'a', weight: 1 }], out: 'soup', backend });
export const chosen: Promise<{ backend: MergeBackend; reason: string }> = selectBackend('auto', { acquireGpu });
export const fileSystems = [nodeFileSystem, denoFileSystem] as const;
export const config: RunConfig = parseRunConfig('', 'soce.yaml');
export const pipeline: (typeof runPipeline extends (...args: never[]) => Promise<PipelineResult> ? true : false) = true;
export const runners = [nodeProcessRunner, denoProcessRunner] as const;
const io: CliIo = { out: () => undefined, err: () => undefined, interactive: false, cwd: '.' };
export const exit: Promise<number> = runCli(['--help'], io);
export const usage: number = EXIT.usage;
export const page: Promise<string> = runPipeline(
  { fs: nodeFileSystem, out: 'run', candidates: {}, backend, evaluate: async () => ({}), openJournal: fileJournalStore },
  { experts: [] },
).then((result) => renderReport(result.report));
export const heatmap: Promise<string> = correlationHeatmapSvg({ categories: ['a'], r: [[1]] });
