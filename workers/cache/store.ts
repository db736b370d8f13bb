/**
 * The IndexedDB layout of the weight cache (the only idb-keyval user).
 *
 * One database `local-inpaint-weights`, one object store `files`, two kinds of
 * array keys:
 * - `['meta', url]`          → CachedModel (one per file);
 * - `['chunk', url, index]`  → Uint8Array, ≤ chunkBytes each, in file order.
 *
 * Metadata and chunks share one object store on purpose: a chunk and the
 * `bytesStored` counter that accounts for it are written in one transaction,
 * so an interruption can never leave a counter that disagrees with the chunks.
 * (idb-keyval's `createStore` also creates exactly one object store per
 * database, so two stores would mean two databases and no shared transaction.)
 */
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import { OpfsChunks, opfsRoot } from './opfs';
import type { CacheStoreOptions, CachedModel } from './types';

export const DB_NAME = 'local-inpaint-weights';
export const STORE_NAME = 'files';

let shared: UseStore | undefined;

/** The default store, opened on first use (opening at import time would break Node imports). */
export function defaultStore(): UseStore {
  shared ??= createStore(DB_NAME, STORE_NAME);
  return shared;
}

export function metaKey(url: string): IDBValidKey {
  return ['meta', url];
}

export function chunkKey(url: string, index: number): IDBValidKey {
  return ['chunk', url, index];
}

/** Every chunk key of one URL: array keys sort numbers before arrays, so `[]` bounds them. */
function chunkRange(url: string): IDBKeyRange {
  return IDBKeyRange.bound(['chunk', url], ['chunk', url, []]);
}

/** Every metadata key: strings sort before arrays. */
function metaRange(): IDBKeyRange {
  return IDBKeyRange.bound(['meta'], ['meta', []]);
}

export function readMeta(store: UseStore, url: string): Promise<CachedModel | undefined> {
  return store('readonly', (s) => promisifyRequest(s.get(metaKey(url)) as IDBRequest<CachedModel | undefined>));
}

export function writeMeta(store: UseStore, meta: CachedModel): Promise<void> {
  return store('readwrite', (s) => {
    s.put(meta, metaKey(meta.url));
    return promisifyRequest(s.transaction);
  });
}

/**
 * Stores chunk `meta.chunks - 1` and the metadata that counts it, atomically.
 * `meta` is the record *after* the append.
 */
export function appendChunk(store: UseStore, meta: CachedModel, data: Uint8Array): Promise<void> {
  return store('readwrite', (s) => {
    s.put(data, chunkKey(meta.url, meta.chunks - 1));
    s.put(meta, metaKey(meta.url));
    return promisifyRequest(s.transaction);
  });
}

/**
 * Stores chunk `meta.chunks - 1` and then the metadata that counts it: in one
 * transaction for IndexedDB records; for OPFS (`meta.opfs`) the chunk file is
 * closed before the metadata is written. The first chunk of an OPFS entry
 * clears the URL's folder first (files a crash may have left behind).
 */
export async function storeChunk(store: UseStore, meta: CachedModel, data: Uint8Array): Promise<void> {
  if (!meta.opfs) return appendChunk(store, meta, data);
  const chunks = new OpfsChunks(meta.opfs);
  if (meta.chunks === 1) await chunks.remove(meta.url);
  await chunks.write(meta.url, meta.chunks - 1, data);
  await writeMeta(store, meta);
}

/**
 * Reads chunk `index` of `meta`'s entry into `output` at `offset`, from IndexedDB
 * or OPFS; resolves with the view it filled, or null when the chunk is missing,
 * not bytes, empty or longer than `max`.
 */
export async function readChunkInto(
  store: UseStore,
  meta: CachedModel,
  index: number,
  output: Uint8Array,
  offset: number,
  max: number,
): Promise<Uint8Array | null> {
  if (meta.opfs) {
    const view = await new OpfsChunks(meta.opfs).readInto(meta.url, index, output, offset, max);
    return view && view.length > 0 ? view : null;
  }
  const data = await readChunk(store, meta.url, index);
  if (!(data instanceof Uint8Array) || data.length === 0 || data.length > max) return null;
  output.set(data, offset);
  return output.subarray(offset, offset + data.length);
}

/** The OPFS directory new entries go to (see `CacheStoreOptions.opfsDirectory`), or undefined for IndexedDB records. */
export async function chunkDirectory(options: CacheStoreOptions): Promise<string | undefined> {
  const wanted = options.opfsDirectory !== undefined ? options.opfsDirectory : options.store ? null : DB_NAME;
  return wanted && (await opfsRoot()) ? wanted : undefined;
}

export function readChunk(store: UseStore, url: string, index: number): Promise<unknown> {
  return store('readonly', (s) => promisifyRequest(s.get(chunkKey(url, index))));
}

/**
 * Deletes one file's metadata and all its IndexedDB chunks in one transaction,
 * then its OPFS chunk files if it had any; resolves with the bytes it had stored.
 */
export async function deleteEntry(store: UseStore, url: string): Promise<number> {
  const before = await store('readwrite', async (s) => {
    // Requests run in order within a transaction, so the get sees the record before the delete.
    const request = s.get(metaKey(url)) as IDBRequest<CachedModel | undefined>;
    s.delete(metaKey(url));
    s.delete(chunkRange(url));
    await promisifyRequest(s.transaction);
    return request.result;
  });
  if (before?.opfs) await new OpfsChunks(before.opfs).remove(url);
  return before?.bytesStored ?? 0;
}

/** All metadata records, without touching chunk data. */
export function listMeta(store: UseStore): Promise<CachedModel[]> {
  return store('readonly', (s) => promisifyRequest(s.getAll(metaRange()) as IDBRequest<CachedModel[]>));
}

/** Number of chunk records stored for a URL (tests and diagnostics). */
export function countChunks(store: UseStore, url: string): Promise<number> {
  return store('readonly', (s) => promisifyRequest(s.count(chunkRange(url))));
}

/** Deletes every entry of `store`: its records, then the OPFS chunk files they pointed to. */
export async function clearStore(store: UseStore): Promise<void> {
  const metas = await listMeta(store);
  await store('readwrite', (s) => {
    s.clear();
    return promisifyRequest(s.transaction);
  });
  for (const meta of metas) if (meta.opfs) await new OpfsChunks(meta.opfs).remove(meta.url);
}
