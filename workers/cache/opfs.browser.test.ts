import { describe, expect, it } from 'vitest';
import type { Progress } from '../../src/shared/progress';
import { evictModel, getModelFile, importModelFile, listCachedModels } from './index';
import { countChunks } from './store';
import { MiB, digestHex, editOpfsChunk, fetchBytes, noNetwork, opfsChunkFiles, serveFile, serverLog, testStore } from './test-utils';

// Chunk bytes in OPFS (opfs.ts), metadata in this file's own IndexedDB store.
const store = testStore('opfs');
const opfsDirectory = 'local-inpaint-weights-test-opfs';
const SIZE = 5 * MiB + 1000;

function entryFor(url: string) {
  return listCachedModels({ store }).then((all) => all.find((m) => m.url === url));
}

describe('getModelFile with chunks in OPFS (window: createWritable / File reads)', () => {
  it('stores chunk files with checksums, then serves them with no request, checking every chunk', async () => {
    const { file, path } = await serveFile(SIZE, 31);
    const first = await getModelFile(file, { modelId: 'opfs', store, opfsDirectory, chunkBytes: MiB });
    expect(await digestHex(first)).toBe(file.sha256);
    const meta = (await entryFor(file.url))!;
    expect(meta).toMatchObject({ complete: true, chunks: 6, bytesStored: SIZE, opfs: opfsDirectory });
    expect(meta.chunkSums).toHaveLength(6);
    expect(await opfsChunkFiles(opfsDirectory, file.url)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(await countChunks(store, file.url)).toBe(0);

    const offline = noNetwork();
    const events: Progress[] = [];
    const second = await getModelFile(file, { modelId: 'opfs', store, opfsDirectory, fetch: offline.fetch, onProgress: (p) => events.push(p) });
    expect(offline.calls).toEqual([]);
    expect(await digestHex(second)).toBe(file.sha256);
    expect(events.map((e) => e.status)).toEqual(['verify']);
    expect(await serverLog(path)).toHaveLength(1);

    expect(await evictModel(file.url, { store })).toBe(SIZE);
    expect(await opfsChunkFiles(opfsDirectory, file.url)).toEqual([]);
  });

  it('detects a corrupted chunk file and downloads the file again', async () => {
    const { file, path } = await serveFile(SIZE, 32);
    await getModelFile(file, { modelId: 'rot', store, opfsDirectory, chunkBytes: MiB });
    await editOpfsChunk(opfsDirectory, file.url, 3, (b) => ((b[4321] ^= 0x04), b));
    const bytes = await getModelFile(file, { modelId: 'rot', store, opfsDirectory, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect((await serverLog(path)).map((r) => r.range)).toEqual([null, null]);
    // Stored again, correct: a third call reads it without the network.
    const offline = noNetwork();
    expect(await digestHex(await getModelFile(file, { modelId: 'rot', store, opfsDirectory, fetch: offline.fetch }))).toBe(file.sha256);
    await evictModel(file.url, { store });
  });

  it('detects a truncated chunk file, a missing one and a stale longer one', async () => {
    for (const [seed, edit] of [
      [33, (b: Uint8Array) => b.slice(0, b.length - 1)],
      [34, () => new Uint8Array(0)],
      [35, (b: Uint8Array) => Uint8Array.from([...b, 0])],
    ] as const) {
      const { file, path } = await serveFile(SIZE, seed);
      await getModelFile(file, { modelId: 'cut', store, opfsDirectory, chunkBytes: MiB });
      await editOpfsChunk(opfsDirectory, file.url, seed === 35 ? 5 : 1, edit);
      const bytes = await getModelFile(file, { modelId: 'cut', store, opfsDirectory, chunkBytes: MiB });
      expect(await digestHex(bytes)).toBe(file.sha256);
      expect(await serverLog(path)).toHaveLength(2);
      await evictModel(file.url, { store });
    }
  });

  it('resumes an interrupted download from the stored chunk files', async () => {
    const { file, path } = await serveFile(SIZE, 36, 'cutAfter=2500000');
    await expect(getModelFile(file, { modelId: 'resume', store, opfsDirectory, chunkBytes: MiB })).rejects.toMatchObject({ code: 'model_fetch' });
    const partial = (await entryFor(file.url))!;
    expect(partial.complete).toBe(false);
    expect(await opfsChunkFiles(opfsDirectory, file.url)).toHaveLength(partial.chunks);
    const bytes = await getModelFile(file, { modelId: 'resume', store, opfsDirectory, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe(file.sha256);
    expect((await serverLog(path)).map((r) => r.range)).toEqual([null, `bytes=${partial.bytesStored}-`]);
    await evictModel(file.url, { store });
  });

  it('imports into OPFS', async () => {
    const { file } = await serveFile(SIZE, 37);
    const meta = await importModelFile(file, new Blob([(await fetchBytes(SIZE, 37)) as Uint8Array<ArrayBuffer>]), { modelId: 'imp', store, opfsDirectory });
    expect(meta).toMatchObject({ complete: true, opfs: opfsDirectory, source: 'import' });
    const offline = noNetwork();
    expect(await digestHex(await getModelFile(file, { modelId: 'imp', store, opfsDirectory, fetch: offline.fetch }))).toBe(file.sha256);
    await evictModel(file.url, { store });
  });
});
