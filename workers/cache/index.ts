/**
 * The weight cache: model files by manifest entry, downloaded once (streamed,
 * chunked into IndexedDB, resumable with HTTP Range, sha256-verified) and
 * served from IndexedDB afterwards, verified again on every read.
 * Layout and design: README.md.
 */
import { DEFAULT_CHUNK_BYTES } from './chunks';
import { downloadFile, emit, readStoredBytes, type DownloadContext } from './download';
import { withLock } from './lock';
import { sha256Hex } from './sha256';
import { defaultEstimate, requestPersistenceOnce } from './storage';
import { clearStore, defaultStore, deleteEntry, listMeta, readMeta } from './store';
import { checkModelFile, fileNameOf } from './validate';
import type { CacheStoreOptions, CacheUsage, CachedModel, GetModelFileOptions, ModelFile, StorageEstimateLike } from './types';

export { importModelFile } from './import';
export { DEFAULT_CHUNK_BYTES } from './chunks';
export type {
  CacheStoreOptions,
  CacheUsage,
  CachedModel,
  GetModelFileOptions,
  ImportModelFileOptions,
  ModelFile,
  StorageEstimateLike,
} from './types';

/**
 * The verified bytes of one model file: from the cache when a complete entry
 * reads back with the right sha256, otherwise downloaded (resuming a partial
 * entry). A corrupt entry is discarded and downloaded again, never served.
 *
 * Progress: `download {loaded,total}` events while bytes arrive, then `verify`;
 * a cache hit emits only `verify`.
 *
 * @throws InpaintError `model_fetch` (HTTP or network error; what arrived is kept for a resume),
 *   `model_integrity` (sha256 or size mismatch; the entry is discarded), `cache_quota`
 *   (not enough storage, checked before the first request). An abort rejects with the signal's AbortError.
 * @example
 * const bytes = await getModelFile(manifest.files[0], { modelId: manifest.id, signal, onProgress });
 * const session = await ort.InferenceSession.create(bytes);
 */
export async function getModelFile(input: ModelFile, options: GetModelFileOptions): Promise<Uint8Array> {
  const file = checkModelFile(input);
  const ctx: DownloadContext = {
    file,
    fileName: fileNameOf(file),
    modelId: options.modelId,
    store: options.store ?? defaultStore(),
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    signal: options.signal,
    onProgress: options.onProgress,
    estimate: options.estimate ?? defaultEstimate(),
    chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK_BYTES,
  };
  return withLock(file.url, options.signal, async () => {
    options.signal?.throwIfAborted();
    requestPersistenceOnce();
    let meta = await readMeta(ctx.store, file.url);
    if (meta && (meta.sha256 !== file.sha256 || meta.bytes !== file.bytes)) {
      // The manifest moved to another version of the file at the same URL.
      await deleteEntry(ctx.store, file.url);
      meta = undefined;
    }
    if (meta?.complete) {
      const bytes = new Uint8Array(file.bytes);
      if (meta.bytesStored === file.bytes && (await readStoredBytes(ctx.store, meta, bytes))) {
        emit(ctx, { status: 'verify', model: ctx.modelId, file: ctx.fileName });
        if ((await sha256Hex(bytes)) === file.sha256) return bytes;
      }
      await deleteEntry(ctx.store, file.url);
      return downloadFile(ctx, undefined, bytes);
    }
    return downloadFile(ctx, meta);
  });
}

/**
 * Every cached or partly downloaded file (metadata only; no chunk is read).
 * @example
 * for (const m of await listCachedModels()) console.log(m.modelId, m.bytesStored, m.complete);
 */
export function listCachedModels(options: CacheStoreOptions = {}): Promise<CachedModel[]> {
  return listMeta(options.store ?? defaultStore());
}

/**
 * Deletes every entry whose URL or model id is `target` (metadata and chunks);
 * waits for a running download of that URL to settle first.
 * Resolves with the number of bytes freed (0 when nothing matched).
 * @example
 * await evictModel('lama');
 */
export async function evictModel(target: string, options: CacheStoreOptions = {}): Promise<number> {
  const store = options.store ?? defaultStore();
  const matches = (await listMeta(store)).filter((m) => m.url === target || m.modelId === target);
  let freed = 0;
  for (const m of matches) freed += await withLock(m.url, undefined, () => deleteEntry(store, m.url));
  return freed;
}

/**
 * Deletes every cached file.
 * @example
 * await clearCache();
 */
export function clearCache(options: CacheStoreOptions = {}): Promise<void> {
  return clearStore(options.store ?? defaultStore());
}

/**
 * Bytes held by this cache, and the origin's quota and usage where the browser reports them.
 * @example
 * const { bytes, quota, usage } = await cacheUsage();
 */
export async function cacheUsage(
  options: CacheStoreOptions & { estimate?: () => Promise<StorageEstimateLike> } = {},
): Promise<CacheUsage> {
  const entries = await listCachedModels(options);
  const usage: CacheUsage = { bytes: entries.reduce((sum, m) => sum + m.bytesStored, 0), entries: entries.length };
  const estimate = options.estimate ?? defaultEstimate();
  if (estimate) {
    try {
      const numbers = await estimate();
      if (typeof numbers.quota === 'number') usage.quota = numbers.quota;
      if (typeof numbers.usage === 'number') usage.usage = numbers.usage;
    } catch {
      // No numbers: the cache's own count still stands.
    }
  }
  return usage;
}
