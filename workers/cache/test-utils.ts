/**
 * Browser-side helpers for the cache tests: files on test/servers/model-server.ts
 * and its request log. Test code only (imported by *.browser.test.ts).
 */
import { inject } from 'vitest';
import { createStore, type UseStore } from 'idb-keyval';
import { urlFolder } from './opfs';
import type { ModelFile } from './types';

export const MODEL_SERVER = inject('modelServer');
if (!MODEL_SERVER) throw new Error("inject('modelServer') is empty: test/servers/global-setup.ts must start the model server");

/**
 * A store per test file: tests never touch the real cache, and files running
 * in parallel never see each other's entries (usage counts stay exact).
 */
export function testStore(name: string): UseStore {
  return createStore(`local-inpaint-weights-test-${name}`, 'files');
}

export const MiB = 1024 * 1024;
let counter = 0;

export interface ServedFile {
  file: ModelFile;
  /** Server path, the key of its request log. */
  path: string;
}

/**
 * A unique file on the model server. `query` adds misbehaviour (`cutAfter=…`,
 * `ignoreRange=1`, `corrupt=1`, `status=…`); the manifest entry is always the
 * correct one for `size`/`seed`.
 */
export async function serveFile(size: number, seed: number, query = ''): Promise<ServedFile> {
  const info = (await (await fetch(`${MODEL_SERVER}/__info?size=${size}&seed=${seed}`)).json()) as { bytes: number; sha256: string };
  const path = `/model/t${Date.now().toString(36)}-${counter++}.onnx`;
  const url = `${MODEL_SERVER}${path}?size=${size}&seed=${seed}${query ? `&${query}` : ''}`;
  return { file: { url, bytes: info.bytes, sha256: info.sha256 }, path };
}

export interface LoggedRequest {
  range: string | null;
  status: number;
  bytesSent: number;
  cut: boolean;
}

export async function serverLog(path: string): Promise<LoggedRequest[]> {
  return (await (await fetch(`${MODEL_SERVER}/__log?path=${encodeURIComponent(path)}`)).json()) as LoggedRequest[];
}

/** The correct bytes, fetched outside the cache (for imports). */
export async function fetchBytes(size: number, seed: number): Promise<Uint8Array> {
  const response = await fetch(`${MODEL_SERVER}/model/direct-${counter++}?size=${size}&seed=${seed}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Independent check of returned bytes: WebCrypto, not the cache's own hasher. */
export async function digestHex(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A fetch that fails the test if the cache touches the network. */
export function noNetwork(): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: async (input) => {
      calls.push(String(input));
      throw new Error('network used');
    },
  };
}

/** Resolves with what `promise` rejected with; fails if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A fresh repository of the model server's Hub layout (test/servers/hub-layout.ts), e.g. `prng/r…`. */
export function hubRepo(owner: 'prng' | 'twins' | 'twins-inpainting'): string {
  return `${owner}/r${Date.now().toString(36)}-${counter++}`;
}

/** `…/<repo>/resolve/main/<path>` on the model server. */
export function hubUrl(repo: string, path: string, query = ''): string {
  return `${MODEL_SERVER}/${repo}/resolve/main/${path}${query ? `?${query}` : ''}`;
}

/** Makes the repository's tree API report wrong hashes for `wrongOid` paths, or answer `apiStatus`. */
export async function configureHub(repo: string, options: { wrongOid?: string[]; apiStatus?: number }): Promise<void> {
  const q = new URLSearchParams({ repo, wrongOid: (options.wrongOid ?? []).join(',') });
  if (options.apiStatus) q.set('apiStatus', String(options.apiStatus));
  const response = await fetch(`${MODEL_SERVER}/__hub?${q}`);
  if (!response.ok) throw new Error(`__hub answered ${response.status}`);
}

/** Every request the model server saw for one Hub-layout repository (tree API and files), in order. */
export async function repoLog(repo: string): Promise<(LoggedRequest & { path: string })[]> {
  return (await (await fetch(`${MODEL_SERVER}/__log?repo=${encodeURIComponent(repo)}`)).json()) as (LoggedRequest & { path: string })[];
}

/**
 * The tree API's entry for one path, read straight from the server (the independent
 * expectation; node:crypto computed it). Asked of a sibling repository with the same
 * content, so the test repository's log stays untouched.
 */
export async function hubEntry(repo: string, path: string): Promise<{ oid: string; size: number; lfs?: { oid: string; size: number } }> {
  const dir = path.slice(0, path.lastIndexOf('/'));
  const sibling = `${repo.split('/')[0]}/expected`;
  const list = (await (await fetch(`${MODEL_SERVER}/api/models/${sibling}/tree/main/${dir}`)).json()) as { path: string }[];
  const entry = list.find((e) => e.path === path);
  if (!entry) throw new Error(`${repo} has no ${path}`);
  return entry as never;
}

/**
 * A real IndexedDB store whose chunk writes fail on demand, as a full disk does: the
 * transaction that would store chunk `index` of any URL is aborted and its `put`
 * throws a `QuotaExceededError`, so neither that chunk nor the counter that would
 * account for it is written. Everything else goes to `store` untouched.
 */
export function failingChunkStore(store: UseStore, fails: (index: number) => boolean): UseStore {
  return (mode, callback) =>
    store(mode, (s) => {
      if (mode !== 'readwrite') return callback(s);
      const put = s.put.bind(s);
      s.put = ((value: unknown, key?: IDBValidKey) => {
        if (Array.isArray(key) && key[0] === 'chunk' && fails(key[2] as number)) {
          s.transaction.abort();
          throw new DOMException(`test: no room for chunk ${key[2]}`, 'QuotaExceededError');
        }
        return put(value, key);
      }) as typeof s.put;
      return callback(s);
    });
}

/** The OPFS folder of one URL's chunk files in `directory` (opfs.ts), or undefined when there is none. */
export async function opfsFolder(directory: string, url: string): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    const root = await navigator.storage.getDirectory();
    return await (await root.getDirectoryHandle(directory)).getDirectoryHandle(await urlFolder(url));
  } catch {
    return undefined;
  }
}

/** The names of one URL's chunk files in OPFS `directory`, sorted by index (`[]` when none). */
export async function opfsChunkFiles(directory: string, url: string): Promise<string[]> {
  const folder = await opfsFolder(directory, url);
  const names: string[] = [];
  if (folder) for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  return names.sort((a, b) => Number(a) - Number(b));
}

/** Rewrites chunk file `index` of `url` in OPFS `directory` with `edit(bytes)`'s result (corruption, truncation). */
export async function editOpfsChunk(directory: string, url: string, index: number, edit: (bytes: Uint8Array) => Uint8Array): Promise<void> {
  const folder = await opfsFolder(directory, url);
  if (!folder) throw new Error(`no OPFS folder for ${url}`);
  const handle = await folder.getFileHandle(String(index));
  const next = edit(new Uint8Array(await (await handle.getFile()).arrayBuffer()));
  const writable = await handle.createWritable();
  await writable.write(next as Uint8Array<ArrayBuffer>);
  await writable.close();
}
