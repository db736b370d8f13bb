import { describe, expect, it } from 'vitest';
import { del, set } from 'idb-keyval';
import { InpaintError } from '../../src/shared/errors';
import type { Progress } from '../../src/shared/progress';
import { evictModel, getModelFile, listCachedModels } from './index';
import { chunkKey, countChunks, defaultStore, metaKey, readChunk } from './store';
import { chunkChecksum } from './checksum';
import { MiB, digestHex, failingChunkStore, noNetwork, opfsChunkFiles, rejection, serveFile, serverLog, testStore } from './test-utils';

const store = testStore('download');

const SIZE = 5 * MiB;

function entryFor(url: string) {
  return listCachedModels({ store }).then((all) => all.find((m) => m.url === url));
}

describe('getModelFile: download', () => {
  it('streams with increasing progress that ends at total, then verifies, into the default store', async () => {
    const { file, path } = await serveFile(SIZE, 1);
    const events: Progress[] = [];
    const bytes = await getModelFile(file, { modelId: 'progress-test', onProgress: (p) => events.push(p) });
    try {
      expect(bytes.length).toBe(SIZE);
      expect(await digestHex(bytes)).toBe(file.sha256);
      const downloads = events.filter((e) => e.status === 'download');
      // Start, at least one intermediate event, end (read sizes vary with load).
      expect(downloads.length).toBeGreaterThanOrEqual(3);
      const loaded = downloads.map((e) => e.loaded);
      expect(loaded[0]).toBe(0);
      for (let i = 1; i < loaded.length; i++) expect(loaded[i]).toBeGreaterThan(loaded[i - 1]);
      expect(loaded.at(-1)).toBe(SIZE);
      expect(new Set(downloads.map((e) => e.total))).toEqual(new Set([SIZE]));
      expect(events.at(-1)).toEqual({ status: 'verify', model: 'progress-test', file: path.slice('/model/'.length) });
      // 5 MiB in one 16 MiB OPFS chunk file (the default store's chunk storage), no IndexedDB record.
      expect(await opfsChunkFiles('local-inpaint-weights', file.url)).toEqual(['0']);
      expect(await countChunks(defaultStore(), file.url)).toBe(0);
      const [meta] = (await listCachedModels()).filter((m) => m.url === file.url);
      expect(meta).toMatchObject({ modelId: 'progress-test', bytes: SIZE, bytesStored: SIZE, chunks: 1, complete: true, source: 'download', opfs: 'local-inpaint-weights' });
      expect(meta.chunkSums).toHaveLength(1);
      expect((await serverLog(path)).map((r) => r.range)).toEqual([null]);
    } finally {
      expect(await evictModel(file.url)).toBe(SIZE);
      expect(await opfsChunkFiles('local-inpaint-weights', file.url)).toEqual([]);
    }
  });

  it('serves a second call from IndexedDB with no request at all', async () => {
    const { file, path } = await serveFile(SIZE, 2);
    const first = await getModelFile(file, { modelId: 'hit', store });
    const offline = noNetwork();
    const events: Progress[] = [];
    const second = await getModelFile(file, { modelId: 'hit', store, fetch: offline.fetch, onProgress: (p) => events.push(p) });
    expect(offline.calls).toEqual([]);
    expect(await serverLog(path)).toHaveLength(1);
    // A fresh buffer each call (ORT may take ownership); compared by identity, not deep-equal (5 MiB).
    expect(second === first).toBe(false);
    expect(await digestHex(second)).toBe(file.sha256);
    expect(events.map((e) => e.status)).toEqual(['verify']);
  });

  it('resumes an interrupted download with Range: bytes=N-', async () => {
    const { file, path } = await serveFile(SIZE, 3, 'cutAfter=3000000');
    const error = await rejection(getModelFile(file, { modelId: 'resume', store, chunkBytes: MiB }));
    expect(error).toBeInstanceOf(InpaintError);
    expect((error as InpaintError).code).toBe('model_fetch');
    expect((error as InpaintError).message).toContain(file.url);

    const partial = await entryFor(file.url);
    expect(partial?.complete).toBe(false);
    const stored = partial!.bytesStored;
    expect(stored).toBeGreaterThan(MiB);
    expect(stored).toBeLessThanOrEqual(3_000_000);
    // Full 1 MiB chunks, then the partial tail that arrived before the cut.
    expect(partial!.chunks).toBe(Math.ceil(stored / MiB));

    const events: Progress[] = [];
    const bytes = await getModelFile(file, { modelId: 'resume', store, chunkBytes: MiB, onProgress: (p) => events.push(p) });
    expect(await digestHex(bytes)).toBe(file.sha256);
    const log = await serverLog(path);
    expect(log.map((r) => [r.range, r.status, r.cut])).toEqual([
      [null, 200, true],
      [`bytes=${stored}-`, 206, false],
    ]);
    expect(log[1].bytesSent).toBe(SIZE - stored);
    const first = events.find((e) => e.status === 'download');
    expect(first).toMatchObject({ loaded: stored, total: SIZE });
    expect(await entryFor(file.url)).toMatchObject({ complete: true, bytesStored: SIZE });
  });

  it('starts over when the server ignores Range and answers 200', async () => {
    const { file, path } = await serveFile(SIZE, 4, 'cutAfter=2000000&ignoreRange=1');
    expect(((await rejection(getModelFile(file, { modelId: 'norange', store }))) as InpaintError).code).toBe('model_fetch');
    const stored = (await entryFor(file.url))!.bytesStored;
    expect(stored).toBeGreaterThan(0);
    const bytes = await getModelFile(file, { modelId: 'norange', store });
    expect(await digestHex(bytes)).toBe(file.sha256);
    const log = await serverLog(path);
    expect(log.map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      [`bytes=${stored}-`, 200],
    ]);
    expect(await entryFor(file.url)).toMatchObject({ complete: true, bytesStored: SIZE });
  });

  it('passes an abort through as AbortError and resumes afterwards', async () => {
    const { file, path } = await serveFile(SIZE, 5);
    const controller = new AbortController();
    const error = await rejection(
      getModelFile(file, {
        modelId: 'abort',
        store,
        chunkBytes: MiB,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.status === 'download' && p.loaded > 2 * MiB) controller.abort();
        },
      }),
    );
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    const stored = (await entryFor(file.url))!.bytesStored;
    expect(stored).toBeGreaterThan(2 * MiB);
    const bytes = await getModelFile(file, { modelId: 'abort', store });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect((await serverLog(path)).map((r) => r.range)).toEqual([null, `bytes=${stored}-`]);
  });

  it('loads one URL once when two calls race', async () => {
    const { file, path } = await serveFile(SIZE, 6);
    const [a, b] = await Promise.all([getModelFile(file, { modelId: 'race', store }), getModelFile(file, { modelId: 'race', store })]);
    expect(await digestHex(a)).toBe(file.sha256);
    expect(await digestHex(b)).toBe(file.sha256);
    expect(await serverLog(path)).toHaveLength(1);
  });
});

describe('getModelFile: failures', () => {
  it('rejects a sha256 mismatch with model_integrity and leaves nothing cached', async () => {
    const { file } = await serveFile(SIZE, 7);
    const wrong = { ...file, sha256: file.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')) };
    const error = (await rejection(getModelFile(wrong, { modelId: 'badsha', store }))) as InpaintError;
    expect(error.code).toBe('model_integrity');
    expect(error.message).toContain(file.url);
    expect(error.message).toContain(`expected ${wrong.sha256}`);
    expect(error.message).toContain(`got ${file.sha256}`);
    expect(await entryFor(file.url)).toBeUndefined();
    expect(await countChunks(store, file.url)).toBe(0);
  });

  it('rejects wrong bytes from the server the same way', async () => {
    const { file } = await serveFile(SIZE, 8, 'corrupt=1');
    const error = (await rejection(getModelFile(file, { modelId: 'corrupt', store }))) as InpaintError;
    expect(error.code).toBe('model_integrity');
    expect(error.details).toMatchObject({ url: file.url, expected: file.sha256 });
    expect(await entryFor(file.url)).toBeUndefined();
  });

  it('detects an altered stored chunk and downloads again instead of serving it', async () => {
    const { file, path } = await serveFile(SIZE, 9);
    await getModelFile(file, { modelId: 'rot', store, chunkBytes: MiB });
    const chunk = (await readChunk(store, file.url, 2)) as Uint8Array;
    chunk[1234] ^= 0x01;
    await set(chunkKey(file.url, 2), chunk, store);
    const events: Progress[] = [];
    const bytes = await getModelFile(file, { modelId: 'rot', store, chunkBytes: MiB, onProgress: (p) => events.push(p) });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect((await serverLog(path)).map((r) => r.range)).toEqual([null, null]);
    expect(events[0].status).toBe('verify');
    expect(events.at(-1)?.status).toBe('verify');
    expect(((await readChunk(store, file.url, 2)) as Uint8Array)[1234]).toBe(bytes[2 * MiB + 1234]);
  });

  it('detects a missing stored chunk and downloads again', async () => {
    const { file, path } = await serveFile(SIZE, 10);
    await getModelFile(file, { modelId: 'gap', store, chunkBytes: MiB });
    await del(chunkKey(file.url, 4), store);
    const bytes = await getModelFile(file, { modelId: 'gap', store, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect(await serverLog(path)).toHaveLength(2);
    expect(await countChunks(store, file.url)).toBe(5);
  });

  it('does not resume from a stored prefix whose chunk fails its checksum: downloads from 0', async () => {
    const { file, path } = await serveFile(SIZE, 13, 'cutAfter=2500000');
    await rejection(getModelFile(file, { modelId: 'stale', store, chunkBytes: MiB }));
    const chunk = (await readChunk(store, file.url, 0)) as Uint8Array;
    chunk[7] ^= 0xff;
    await set(chunkKey(file.url, 0), chunk, store);
    const bytes = await getModelFile(file, { modelId: 'stale', store, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect((await serverLog(path)).map((r) => r.range)).toEqual([null, null]);
  });

  it('restarts from 0 when a resumed download fails its sha256 (prefix and its checksum both edited)', async () => {
    const { file, path } = await serveFile(SIZE, 15, 'cutAfter=2500000');
    await rejection(getModelFile(file, { modelId: 'edited', store, chunkBytes: MiB }));
    const meta = (await entryFor(file.url))!;
    const chunk = (await readChunk(store, file.url, 0)) as Uint8Array;
    chunk[7] ^= 0xff;
    await set(chunkKey(file.url, 0), chunk, store);
    // What an editor of the database can do: the checksum passes, so only the whole-file sha256 at the end notices.
    await set(metaKey(file.url), { ...meta, chunkSums: [chunkChecksum(chunk, 0), ...meta.chunkSums!.slice(1)] }, store);
    const bytes = await getModelFile(file, { modelId: 'edited', store, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect((await serverLog(path)).map((r) => r.range)).toEqual([null, `bytes=${meta.bytesStored}-`, null]);
  });

  it('reads an entry of the previous version (no chunk checksums) by its whole sha256, and still catches a corrupt chunk', async () => {
    const { file, path } = await serveFile(SIZE, 16);
    await getModelFile(file, { modelId: 'legacy', store, chunkBytes: MiB });
    const { chunkSums, ...legacy } = (await entryFor(file.url))!;
    expect(chunkSums).toHaveLength(5);
    await set(metaKey(file.url), legacy, store);
    const offline = noNetwork();
    expect(await digestHex(await getModelFile(file, { modelId: 'legacy', store, fetch: offline.fetch }))).toBe(file.sha256);
    expect(offline.calls).toEqual([]);
    const chunk = (await readChunk(store, file.url, 3)) as Uint8Array;
    chunk[99] ^= 0x10;
    await set(chunkKey(file.url, 3), chunk, store);
    const bytes = await getModelFile(file, { modelId: 'legacy', store, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect(await serverLog(path)).toHaveLength(2);
    // Downloaded again, it carries checksums.
    expect((await entryFor(file.url))!.chunkSums).toHaveLength(5);
  });

  it('does not resume from a partial entry with a missing chunk', async () => {
    const { file, path } = await serveFile(SIZE, 14, 'cutAfter=2500000');
    await rejection(getModelFile(file, { modelId: 'holes', store, chunkBytes: MiB }));
    await del(chunkKey(file.url, 1), store);
    const bytes = await getModelFile(file, { modelId: 'holes', store, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect((await serverLog(path)).map((r) => r.range)).toEqual([null, null]);
  });

  it('completes an entry whose bytes were all stored before the run stopped, without network', async () => {
    const { file } = await serveFile(SIZE, 15);
    await getModelFile(file, { modelId: 'unmarked', store });
    const meta = (await entryFor(file.url))!;
    await set(metaKey(file.url), { ...meta, complete: false }, store);
    const offline = noNetwork();
    const bytes = await getModelFile(file, { modelId: 'unmarked', store, fetch: offline.fetch });
    expect(offline.calls).toEqual([]);
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect((await entryFor(file.url))?.complete).toBe(true);
  });

  it('fails early with cache_quota before any request when the disk is full', async () => {
    const { file, path } = await serveFile(SIZE, 11);
    const estimate = async () => ({ quota: 10_000_000, usage: 9_000_000 });
    const error = (await rejection(getModelFile(file, { modelId: 'full', store, estimate }))) as InpaintError;
    expect(error.code).toBe('cache_quota');
    expect(error.message).toContain('1.0 MB is free');
    expect(error.details).toMatchObject({ free: 1_000_000 });
    expect(await serverLog(path)).toEqual([]);
    expect(await entryFor(file.url)).toBeUndefined();
  });

  it('fails a download whose last chunk cannot be stored, never marking it complete short of its size', async () => {
    // 5 MiB + 1000 B in 1 MiB chunks: five full chunks, then a 1000-byte tail written after the body ends.
    const size = 5 * MiB + 1000;
    const { file, path } = await serveFile(size, 16);
    const full = failingChunkStore(store, (index) => index === 5);
    const error = (await rejection(getModelFile(file, { modelId: 'tail', store: full, chunkBytes: MiB }))) as InpaintError;
    expect(error).toBeInstanceOf(InpaintError);
    expect(error.code).toBe('cache_quota');
    expect(error.message).toContain(file.url);
    expect(await entryFor(file.url)).toMatchObject({ complete: false, bytesStored: 5 * MiB, chunks: 5 });
    // Nothing complete to serve offline: a load without network fails instead of returning short bytes.
    expect(((await rejection(getModelFile(file, { modelId: 'tail', store, chunkBytes: MiB, fetch: noNetwork().fetch }))) as InpaintError).code).toBe('model_fetch');
    // With room again the download resumes after the stored chunks and completes.
    const bytes = await getModelFile(file, { modelId: 'tail', store, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect((await serverLog(path)).map((r) => r.range)).toEqual([null, `bytes=${5 * MiB}-`]);
    expect(await entryFor(file.url)).toMatchObject({ complete: true, bytesStored: size });
  });

  it('fails with cache_quota when storage fills up mid-download, keeps only whole stored chunks, and resumes', async () => {
    const { file, path } = await serveFile(SIZE, 17);
    const full = failingChunkStore(store, (index) => index >= 2);
    const error = (await rejection(getModelFile(file, { modelId: 'midquota', store: full, chunkBytes: MiB }))) as InpaintError;
    expect(error.code).toBe('cache_quota');
    expect(error.details).toMatchObject({ url: file.url, bytesStored: 2 * MiB });
    expect(await entryFor(file.url)).toMatchObject({ complete: false, bytesStored: 2 * MiB, chunks: 2 });
    expect(await countChunks(store, file.url)).toBe(2);
    const bytes = await getModelFile(file, { modelId: 'midquota', store, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect((await serverLog(path)).map((r) => r.range)).toEqual([null, `bytes=${2 * MiB}-`]);
  });

  it('turns an HTTP error into model_fetch with the URL and status', async () => {
    const { file } = await serveFile(SIZE, 12, 'status=404');
    const error = (await rejection(getModelFile(file, { modelId: 'missing', store }))) as InpaintError;
    expect(error.code).toBe('model_fetch');
    expect(error.message).toContain(file.url);
    expect(error.message).toContain('HTTP 404');
    expect(error.details).toMatchObject({ url: file.url, status: 404 });
  });

  it('turns an unreachable host into model_fetch', async () => {
    const file = { url: 'http://127.0.0.1:1/nothing.onnx', bytes: 10, sha256: '0'.repeat(64) };
    const error = (await rejection(getModelFile(file, { modelId: 'offline', store }))) as InpaintError;
    expect(error.code).toBe('model_fetch');
    expect(error.details).toMatchObject({ url: file.url, status: 0 });
  });
});
