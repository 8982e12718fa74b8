/// <reference types="@webgpu/types" preserve="true" />
/**
 * Checkpoint I/O and the streaming soup merge: safetensors files read and written exactly to the
 * format, Hugging Face checkpoint directories (single or sharded), and `Σ_j w_j · model_j` tensor
 * by tensor through a pluggable {@link MergeBackend}. Runtime-neutral: file access comes in through
 * a {@link FileSystem} (`@soce/tensors/node`, `@soce/tensors/deno`, or {@link MemoryFileSystem}).
 * @module
 */
export {
  DTYPES, DTYPE_BITS, FLOAT_DTYPES, FLOAT_DTYPE_NAMES, TORCH_DTYPE_NAMES, isDtype, isFloatDtype, floatDtypeBytes, floatDtypeName, parseFloatDtype,
  f32Bits, f32FromBits, bf16ToF32, f32ToBf16, bf16FromF32Bits, f16ToF32, f32ToF16, f16FromF32Bits,
} from './dtype.ts';
export type { Dtype, FloatDtype, FloatDtypeName } from './dtype.ts';
export { checkMergeJob } from './backend.ts';
export type { LentBuffers, MergeBackend, MergeJob } from './backend.ts';
export { createCpuBackend } from './cpu_backend.ts';
export type { CpuBackendOptions } from './cpu_backend.ts';
export { CpuWorkerError } from './cpu_worker_error.ts';
export type { WorkerEvents, WorkerRuntime, WorkerScript, WorkerThread } from './worker_runtime.ts';
export { defaultComputeThreads, defaultIoThreads } from './thread_split.ts';
export { copyFile, writeTextFile } from './file_system.ts';
export type { ByteSink, ByteSource, CreateOptions, EntryKind, FileSystem } from './file_system.ts';
export { MemoryFileSystem, MemoryFileSystemError } from './memory_file_system.ts';
export { baseName, isAbsolutePath, isBareFileName, joinPath, normalizePath, parentPath, relativePath, resolvePath, trimTrailingSlashes } from './paths.ts';
export { SafetensorsError } from './safetensors_error.ts';
export type { SafetensorsErrorCode } from './safetensors_error.ts';
export { HEADER_PREFIX_BYTES, MAX_HEADER_BYTES, parseSafetensorsHeader, readHeaderLength } from './safetensors_header.ts';
export type { SafetensorsHeader, TensorInfo } from './safetensors_header.ts';
export { openSafetensors, readSafetensors, readSafetensorsHeader } from './safetensors_reader.ts';
export type { SafetensorsFile } from './safetensors_reader.ts';
export { encodeSafetensors, encodeSafetensorsHeader, tensorByteLength, writeSafetensors } from './safetensors_writer.ts';
export type { Tensor, TensorLayout } from './safetensors_writer.ts';
export { CONFIG_NAME, INDEX_NAME, SINGLE_WEIGHTS_NAME, loadTensors, openCheckpoint } from './checkpoint.ts';
export type { Checkpoint, CheckpointLayout, CheckpointTensor } from './checkpoint.ts';
export { CheckpointError } from './checkpoint_error.ts';
export type { CheckpointErrorCode } from './checkpoint_error.ts';
export { saveCheckpoint } from './save_checkpoint.ts';
export type { SaveCheckpointOptions } from './save_checkpoint.ts';
export { MergeAbortedError, MergeError } from './merge_error.ts';
export type { MergeErrorCode } from './merge_error.ts';
export { validateWeights } from './merge_weights.ts';
export type { ModelWeight } from './merge_weights.ts';
export { formatByteSize, parseByteSize } from './byte_size.ts';
export { assignShards, DEFAULT_MAX_SHARD_BYTES, shardFileName } from './shard_layout.ts';
export { LM_HEAD, MISSING_TENSOR_POLICIES, planMerge, TIED_EMBEDDING_NAMES } from './merge_plan.ts';
export type { MergePlan, MissingTensorPolicy, PlanInput, PlannedShard, PlannedSource, PlannedTensor, PlanOptions } from './merge_plan.ts';
export { COPIED_FILE_NAMES, copySoupFiles, findSoupFiles, soupConfig } from './soup_files.ts';
export type { ConfigChanges, SideFile } from './soup_files.ts';
export { SideFileError } from './side_file_error.ts';
export type { SideFileErrorCode } from './side_file_error.ts';
export { checkOutputPlacement, isMergeLeftover, OUTPUT_MARKER, readOutputMarker, removeMergeLeftovers, writeOutputMarker } from './output_directory.ts';
export type { GuardedPath, OutputKind, OutputPlacement } from './output_directory.ts';
export { OutputDirectoryError } from './output_directory_error.ts';
export type { OutputDirectoryErrorCode } from './output_directory_error.ts';
export { markdownText, modelCard } from './model_card.ts';
export { MERGEKIT_CONFIG_NAME, mergekitConfig, pathFromSoup, soupIngredientsOf, soupMetadata, soupProvenance } from './soup_provenance.ts';
export type { SoupIngredient, SoupProvenance } from './soup_provenance.ts';
export type { CopiedFiles, ModelCardFacts } from './model_card.ts';
export { DEFAULT_CHUNK_BYTES, mergeCheckpoints } from './merge.ts';
export type { MergeOptions, MergeProgress, MergeSummary } from './merge.ts';
export type { MergeSettings } from './merge_settings.ts';
export { createWebGpuBackend } from './webgpu_backend.ts';
export type { WebGpuBackend, WebGpuBackendOptions } from './webgpu_backend.ts';
export type { BufferPoolStats } from './webgpu_buffer_pool.ts';
export { summarizeAdapter } from './webgpu_device.ts';
export type { GpuAdapterSummary } from './webgpu_device.ts';
export { NO_ADAPTER_HINT, WebGpuError, WebGpuOptionsError, WebGpuUnavailableError } from './webgpu_error.ts';
export { BACKEND_KINDS, chooseBackend, selectBackend } from './select_backend.ts';
export type { BackendChoice, BackendDecision, BackendKind, GpuProbe, SelectBackendDeps } from './select_backend.ts';
