import { afterAll, expect, it } from 'vitest';
import { MiB, editOpfsChunk, opfsChunkFiles, serveFile, serverLog } from './test-utils';

// The app's path: the cache inside a dedicated worker, OPFS through sync access handles.
const worker = new Worker(new URL('./opfs-test.worker.ts', import.meta.url), { type: 'module' });
afterAll(() => worker.terminate());
const opfsDirectory = 'local-inpaint-weights-test-opfs-worker';

function load(file: unknown): Promise<{ sha256?: string; syncHandles?: boolean; error?: string }> {
  return new Promise((resolve) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.postMessage({ file, opfsDirectory });
  });
}

it('in a worker: stores 16 MiB chunk files, serves them again without a request, and downloads again after a corrupted chunk', async () => {
  const size = 20 * MiB + 5;
  const { file, path } = await serveFile(size, 41);
  const first = await load(file);
  expect(first).toEqual({ sha256: file.sha256, syncHandles: true });
  expect(await opfsChunkFiles(opfsDirectory, file.url)).toEqual(['0', '1']);
  expect(await load(file)).toMatchObject({ sha256: file.sha256 });
  expect(await serverLog(path)).toHaveLength(1);

  await editOpfsChunk(opfsDirectory, file.url, 1, (b) => ((b[b.length - 1] ^= 0x80), b));
  expect(await load(file)).toMatchObject({ sha256: file.sha256 });
  expect((await serverLog(path)).map((r) => r.range)).toEqual([null, null]);
  expect(await load(file)).toMatchObject({ sha256: file.sha256 });
  expect(await serverLog(path)).toHaveLength(2);
});
