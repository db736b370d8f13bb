import { describe, expect, it } from 'vitest';
import { createStore } from 'idb-keyval';
import { InpaintError } from '../../src/shared/errors';
import { cacheUsage, clearCache, evictModel, getModelFile, importModelFile, listCachedModels } from './index';
import { countChunks } from './store';
import { MiB, digestHex, fetchBytes, noNetwork, rejection, serveFile, serverLog, testStore } from './test-utils';

const store = testStore('manage');

const SIZE = 3 * MiB + 12_345;

describe('importModelFile', () => {
  it('accepts the right file and serves it afterwards without network', async () => {
    // status=500: the URL would fail if the cache ever fetched it.
    const { file, path } = await serveFile(SIZE, 21, 'status=500');
    const blob = new Blob([(await fetchBytes(SIZE, 21)) as Uint8Array<ArrayBuffer>]);
    const meta = await importModelFile(file, blob, { modelId: 'imported', store, chunkBytes: MiB });
    expect(meta).toMatchObject({ modelId: 'imported', url: file.url, bytesStored: SIZE, chunks: 4, complete: true, source: 'import' });
    const offline = noNetwork();
    const bytes = await getModelFile(file, { modelId: 'imported', store, fetch: offline.fetch });
    expect(offline.calls).toEqual([]);
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect(await serverLog(path)).toEqual([]);
  });

  it('rejects a file with the right size but wrong bytes, keeping an earlier good entry', async () => {
    const { file } = await serveFile(SIZE, 22);
    await getModelFile(file, { modelId: 'keep', store });
    const wrong = await fetchBytes(SIZE, 22);
    wrong[SIZE - 1] ^= 0x80;
    const error = (await rejection(importModelFile(file, new Blob([wrong as Uint8Array<ArrayBuffer>]), { modelId: 'keep', store }))) as InpaintError;
    expect(error).toBeInstanceOf(InpaintError);
    expect(error.code).toBe('model_integrity');
    expect(error.message).toContain(`expected ${file.sha256}`);
    const [meta] = (await listCachedModels({ store })).filter((m) => m.url === file.url);
    expect(meta).toMatchObject({ complete: true, source: 'download', bytesStored: SIZE });
  });

  it('rejects a file of the wrong size before reading it, and stores nothing', async () => {
    const { file } = await serveFile(SIZE, 23);
    const error = (await rejection(importModelFile(file, new Blob([new Uint8Array(1000)]), { modelId: 'small', store }))) as InpaintError;
    expect(error.code).toBe('model_integrity');
    expect(error.message).toContain(`is 1000 bytes`);
    expect(error.details).toMatchObject({ expectedBytes: SIZE, actualBytes: 1000 });
    expect((await listCachedModels({ store })).some((m) => m.url === file.url)).toBe(false);
  });

  it('checks the quota before storing an import', async () => {
    const { file } = await serveFile(SIZE, 24);
    const blob = new Blob([(await fetchBytes(SIZE, 24)) as Uint8Array<ArrayBuffer>]);
    const estimate = async () => ({ quota: 100, usage: 0 });
    const error = (await rejection(importModelFile(file, blob, { modelId: 'q', store, estimate }))) as InpaintError;
    expect(error.code).toBe('cache_quota');
    expect(await countChunks(store, file.url)).toBe(0);
  });
});

describe('list, usage, evict and clear', () => {
  it('lists complete and partial entries, sizes them, and evicts by model id or URL', async () => {
    const modelId = `evict-${Date.now()}`;
    const done = await serveFile(SIZE, 31);
    const cut = await serveFile(SIZE, 32, 'cutAfter=1500000');
    const other = await serveFile(SIZE, 33);
    await getModelFile(done.file, { modelId, store, chunkBytes: MiB });
    await rejection(getModelFile(cut.file, { modelId, store, chunkBytes: MiB }));
    await getModelFile(other.file, { modelId: `${modelId}-other`, store });

    const mine = (await listCachedModels({ store })).filter((m) => m.modelId === modelId);
    const byUrl = new Map(mine.map((m) => [m.url, m]));
    expect(byUrl.get(done.file.url)).toMatchObject({ bytes: SIZE, bytesStored: SIZE, complete: true, sha256: done.file.sha256 });
    const partial = byUrl.get(cut.file.url)!;
    expect(partial.complete).toBe(false);
    expect(partial.bytesStored).toBeGreaterThan(0);
    expect(partial.bytesStored).toBeLessThanOrEqual(1_500_000);
    expect(partial.storedAt).toBeGreaterThan(Date.now() - 60_000);

    const before = await cacheUsage({ store });
    expect(before.entries).toBeGreaterThanOrEqual(3);
    const freed = await evictModel(modelId, { store });
    expect(freed).toBe(SIZE + partial.bytesStored);
    const after = await cacheUsage({ store });
    expect(before.bytes - after.bytes).toBe(freed);
    expect(after.entries).toBe(before.entries - 2);
    expect(await countChunks(store, done.file.url)).toBe(0);
    expect(await countChunks(store, cut.file.url)).toBe(0);
    expect(await countChunks(store, other.file.url)).toBe(1);

    expect(await evictModel(other.file.url, { store })).toBe(SIZE);
    expect((await listCachedModels({ store })).some((m) => m.url === other.file.url)).toBe(false);
    expect(await evictModel('no-such-model', { store })).toBe(0);
  });

  it('reports quota and usage from the injected estimate', async () => {
    const usage = await cacheUsage({ store, estimate: async () => ({ quota: 1e9, usage: 123 }) });
    expect(usage.quota).toBe(1e9);
    expect(usage.usage).toBe(123);
  });

  it('clearCache empties the store', async () => {
    const own = createStore('local-inpaint-weights-test-clear', 'files');
    const { file } = await serveFile(MiB, 41);
    await getModelFile(file, { modelId: 'clear', store: own });
    expect(await cacheUsage({ store: own })).toMatchObject({ bytes: MiB, entries: 1 });
    await clearCache({ store: own });
    expect(await listCachedModels({ store: own })).toEqual([]);
    expect(await countChunks(own, file.url)).toBe(0);
  });
});
