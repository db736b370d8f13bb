/**
 * Puts a model's weights into the weight cache ahead of its first task (the
 * editor's one-click offer): every file through `getModelFile`, one at a time,
 * so the same download → verify → store path runs as at a first Generate, and
 * a cancelled download keeps what arrived for a resume.
 */
import type { ModelManifest } from '../../models/manifest';
import { InpaintError } from '../../src/shared/errors';
import type { ProgressCallback } from '../../src/shared/progress';
import { getModelFile } from '../cache';
import { overallDownload } from './diffusion/components';

/** What a download left in the cache. */
export interface DownloadedModel {
  model: string;
  files: number;
  /** Bytes of all its files, as verified. */
  bytes: number;
}

/**
 * Downloads (or verifies, when cached) every file of `manifest`. Progress:
 * `initiate`, then per file `download {loaded, total, overall}` and `verify`,
 * then `done`. The bytes are dropped after each file: only the cache keeps them.
 *
 * @throws InpaintError `invalid_request` for a model generated in code; the cache's
 *   `model_fetch`, `model_integrity`, `cache_quota`; an abort rejects with the signal's AbortError.
 * @example
 * await downloadModel(effectiveManifest('migan', overrides), onProgress, signal);
 */
export async function downloadModel(manifest: ModelManifest, onProgress: ProgressCallback, signal: AbortSignal): Promise<DownloadedModel> {
  if (manifest.files.length === 0) {
    throw InpaintError.invalidRequest([{ name: 'model', reason: `"${manifest.id}" is generated in code and has nothing to download` }]);
  }
  signal.throwIfAborted();
  onProgress({ status: 'initiate', model: manifest.id });
  const progressOf = overallDownload(manifest, onProgress);
  let bytes = 0;
  for (const file of manifest.files) {
    bytes += (await getModelFile(file, { modelId: manifest.id, onProgress: progressOf(file.name), signal })).length;
  }
  onProgress({ status: 'done' });
  return { model: manifest.id, files: manifest.files.length, bytes };
}
