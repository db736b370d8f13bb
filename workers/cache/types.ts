import type { UseStore } from 'idb-keyval';
import type { ModelFile as ManifestModelFile } from '../../models/manifest';
import type { ProgressCallback } from '../../src/shared/progress';

/**
 * What the cache needs of a manifest's file entry (`ModelFile` in
 * models/manifest.ts): any manifest entry can be passed as is. The URL is the
 * cache key; progress events name the file by the URL's last path segment.
 */
export type ModelFile = Pick<ManifestModelFile, 'url' | 'bytes' | 'sha256'>;

/** What the cache knows about one file (one metadata record per URL). */
export interface CachedModel {
  modelId: string;
  url: string;
  /** Expected size from the manifest. */
  bytes: number;
  /** Bytes held in chunks so far; equals `bytes` once complete. */
  bytesStored: number;
  /** Number of chunk records (`chunk` keys 0..chunks-1). */
  chunks: number;
  /** True once every byte is stored and the sha256 matched. */
  complete: boolean;
  /** Expected sha256 from the manifest. */
  sha256: string;
  /** How the bytes arrived. */
  source: 'download' | 'import';
  /** Milliseconds since the epoch of the last write. */
  storedAt: number;
}

/** The subset of `StorageManager.estimate()` the quota check reads. */
export interface StorageEstimateLike {
  quota?: number;
  usage?: number;
}

/** Options shared by every cache call. */
export interface CacheStoreOptions {
  /** idb-keyval store to use; defaults to `local-inpaint-weights` / `files`. Tests pass their own. */
  store?: UseStore;
}

export interface GetModelFileOptions extends CacheStoreOptions {
  /** Model id recorded with the entry, reported in progress events and by `listCachedModels`. */
  modelId: string;
  /** Injected for tests and for embedders that proxy requests; defaults to global `fetch`. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** Injected for tests; defaults to `navigator.storage.estimate()` when it exists. */
  estimate?: () => Promise<StorageEstimateLike>;
  /** Bytes per IndexedDB chunk record; defaults to `DEFAULT_CHUNK_BYTES` (4 MiB). */
  chunkBytes?: number;
}

export interface ImportModelFileOptions extends CacheStoreOptions {
  modelId: string;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  estimate?: () => Promise<StorageEstimateLike>;
  chunkBytes?: number;
}

export interface CacheUsage {
  /** Sum of `bytesStored` over all entries, complete or not. */
  bytes: number;
  entries: number;
  /** From `navigator.storage.estimate()` where available (whole origin, not only this cache). */
  quota?: number;
  usage?: number;
}
