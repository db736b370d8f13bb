/**
 * The weight cache: model files by manifest entry, downloaded once (streamed,
 * chunked into IndexedDB, resumable with HTTP Range, sha256-verified, or
 * verified against the Hugging Face Hub's metadata for `verifyFrom: 'hub'`
 * entries) and served from IndexedDB afterwards, verified again on every read.
 * Layout and design: README.md.
 */
import { DEFAULT_CHUNK_BYTES, OPFS_CHUNK_BYTES } from './chunks';
import { downloadFile, emit, hasChunkSums, readStoredBytes, type DownloadContext } from './download';
import { withLock } from './lock';
import { sha256Hex } from './sha256';
import { defaultEstimate, requestPersistenceOnce } from './storage';
import { chunkDirectory, clearStore, defaultStore, deleteEntry, listMeta, readMeta } from './store';
import { lookupHubFile } from './hub';
import { checkModelFile, entryMatches, fileNameOf, isHubVerified, pinnedFile } from './validate';
import type { CacheStoreOptions, CacheUsage, CachedModel, GetModelFileOptions, ModelFile, PinnedFile, StorageEstimateLike } from './types';

export { importModelFile } from './import';
export { DEFAULT_CHUNK_BYTES } from './chunks';
export { isSha256Hex } from './sha256';
export { entryMatches, isHubVerified } from './validate';
export { hubTreeUrl, lookupHubFile, parseHubUrl, type HubFileFacts, type HubFileRef } from './hub';
export type {
  CacheStoreOptions,
  CacheUsage,
  CachedModel,
  GetModelFileOptions,
  HashSource,
  ImportModelFileOptions,
  ModelFile,
  StorageEstimateLike,
} from './types';

/**
 * The verified bytes of one model file: from the cache when a complete entry
 * reads back with the right sha256, otherwise downloaded (resuming a partial
 * entry). A corrupt entry is discarded and downloaded again, never served.
 *
 * A Hub-verified entry (`verifyFrom: 'hub'`, empty sha256) with no cache entry
 * first reads its exact size and hash from the Hub's tree API (hub.ts); an
 * existing entry, complete or partial, already pinned them, so a cached file
 * loads with no request at all and a partial one resumes against the same hash.
 *
 * Progress: `download {loaded,total}` events while bytes arrive, then `verify`;
 * a cache hit emits only `verify`.
 *
 * @throws InpaintError `model_fetch` (HTTP or network error, of the download or of
 *   the Hub lookup; what arrived is kept for a resume), `model_integrity` (hash or
 *   size mismatch, the entry is discarded; or unusable Hub metadata), `cache_quota`
 *   (not enough storage, checked before the first request). An abort rejects with the signal's AbortError.
 * @example
 * const bytes = await getModelFile(manifest.files[0], { modelId: manifest.id, signal, onProgress });
 * const session = await ort.InferenceSession.create(bytes);
 */
export async function getModelFile(input: ModelFile, options: GetModelFileOptions): Promise<Uint8Array> {
  const file = checkModelFile(input);
  const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base: Omit<DownloadContext, 'file'> = {
    fileName: fileNameOf(file),
    modelId: options.modelId,
    store: options.store ?? defaultStore(),
    fetch: fetcher,
    signal: options.signal,
    onProgress: options.onProgress,
    estimate: options.estimate ?? defaultEstimate(),
    chunkBytes: 0,
    opfs: await chunkDirectory(options),
  };
  base.chunkBytes = options.chunkBytes ?? (base.opfs ? OPFS_CHUNK_BYTES : DEFAULT_CHUNK_BYTES);
  const { store } = base;
  return withLock(file.url, options.signal, async () => {
    options.signal?.throwIfAborted();
    requestPersistenceOnce();
    let meta = await readMeta(store, file.url);
    if (meta && !entryMatches(meta, file)) {
      // The manifest moved to another version of the file at the same URL.
      await deleteEntry(store, file.url);
      meta = undefined;
    }
    let output: Uint8Array | undefined;
    if (meta?.complete) {
      const pinned = pinnedFile(file, meta);
      const bytes = new Uint8Array(pinned.bytes);
      // Each chunk is checked against the checksum recorded when it was written (the
      // whole file's sha256 was checked then); an entry of an older version, without
      // checksums, is hashed whole as it always was.
      emit(base, { status: 'verify', model: base.modelId, file: base.fileName });
      if (meta.bytesStored === pinned.bytes && (await readStoredBytes(store, meta, bytes))) {
        if (hasChunkSums(meta) || (await sha256Hex(bytes)) === pinned.sha256) return bytes;
      }
      await deleteEntry(store, file.url);
      meta = undefined;
      output = bytes;
    }
    // No usable entry: a Hub-verified file asks the Hub (again) what it must be.
    const pinned = meta ? pinnedFile(file, meta) : isHubVerified(file) ? await lookupPinned(file.url, fetcher, options.signal) : pinnedFile(file);
    if (output?.length !== pinned.bytes) output = undefined;
    return downloadFile({ ...base, file: pinned }, meta, output);
  });
}

async function lookupPinned(url: string, fetcher: typeof fetch, signal: AbortSignal | undefined): Promise<PinnedFile> {
  const facts = await lookupHubFile(url, { fetch: fetcher, signal });
  return 'sha256' in facts
    ? { url, bytes: facts.bytes, sha256: facts.sha256, hashSource: 'hub' }
    : { url, bytes: facts.bytes, sha256: '', gitBlobSha1: facts.gitBlobSha1, hashSource: 'hub' };
}

/**
 * The sha256 a file is verified against without downloading anything: the
 * manifest's, or for a Hub-verified entry the one its complete cache entry
 * pinned at the first download; undefined while such a file is not cached.
 * Reads metadata only (no chunk), so callers can key derived state (an ORT
 * session) by content before deciding to read the bytes.
 *
 * @example
 * const key = `${manifest.id}#${(await verifiedSha256(file)) ?? 'pending'}`;
 */
export async function verifiedSha256(input: ModelFile, options: CacheStoreOptions = {}): Promise<string | undefined> {
  const file = checkModelFile(input);
  if (!isHubVerified(file)) return file.sha256;
  const meta = await readMeta(options.store ?? defaultStore(), file.url);
  return meta?.complete && entryMatches(meta, file) ? meta.sha256 : undefined;
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
