import type { UseStore } from 'idb-keyval';
import type { ModelFile as ManifestModelFile } from '../../models/manifest';
import type { ProgressCallback } from '../../src/shared/progress';

/**
 * What the cache needs of a manifest's file entry (`ModelFile` in
 * models/manifest.ts): any manifest entry can be passed as is. The URL is the
 * cache key; progress events name the file by its path in a Hub repository
 * (`unet/model.onnx`), else by the URL's last path segment (`fileNameOf`).
 * With `verifyFrom: 'hub'` and an empty `sha256`, size and hash come from the
 * Hugging Face Hub's metadata at the first download (hub.ts).
 */
export type ModelFile = Pick<ManifestModelFile, 'url' | 'bytes' | 'sha256' | 'verifyFrom'>;

/** Where an entry's expected size and hash came from. */
export type HashSource = 'manifest' | 'hub';

/**
 * A file whose expected size and hash are known (internal to the cache): a
 * manifest entry with its sha256, a Hub-verified entry after its lookup, or an
 * existing cache entry.
 */
export interface PinnedFile {
  url: string;
  bytes: number;
  /** Lower-case hex; `''` only for a plain-git Hub file not yet downloaded (then `gitBlobSha1` is set). */
  sha256: string;
  /** The Hub's git blob SHA-1 (`oid`) of a plain-git (non-LFS) file, checked while its sha256 is unknown. */
  gitBlobSha1?: string;
  hashSource: HashSource;
}

/** What the cache knows about one file (one metadata record per URL). */
export interface CachedModel {
  modelId: string;
  url: string;
  /** Expected size: from the manifest, or from the Hub's metadata (`hashSource: 'hub'`). */
  bytes: number;
  /** Bytes held in chunks so far; equals `bytes` once complete. */
  bytesStored: number;
  /** Number of chunks (`chunk` keys, or OPFS files, 0..chunks-1). */
  chunks: number;
  /**
   * `chunkChecksum` of every chunk, recorded as it was written and checked on
   * every read instead of re-hashing the whole file. Absent on entries stored
   * before it existed: those are verified with sha256 on read, as then.
   */
  chunkSums?: string[];
  /** The OPFS directory holding the chunk bytes (opfs.ts); absent: IndexedDB `chunk` records. */
  opfs?: string;
  /** True once every byte is stored and the sha256 matched. */
  complete: boolean;
  /**
   * Expected sha256 (lower-case hex): from the manifest, from the Hub's LFS
   * metadata, or, for a plain-git Hub file, computed while its git blob SHA-1
   * was verified. `''` only on a partial plain-git Hub download.
   */
  sha256: string;
  /** Where `bytes` and `sha256` came from; absent on entries stored before Hub verification existed (manifest). */
  hashSource?: HashSource;
  /** The Hub's git blob SHA-1 of a plain-git file, kept so that a partial download can resume. */
  gitBlobSha1?: string;
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
  /**
   * The OPFS directory that new entries keep their chunk bytes in; `null` keeps
   * them as IndexedDB records next to the metadata. Default: `local-inpaint-weights`
   * with the default store (IndexedDB where OPFS is missing), IndexedDB with a
   * `store` of your own. Existing entries are read from where they were written.
   */
  opfsDirectory?: string | null;
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
