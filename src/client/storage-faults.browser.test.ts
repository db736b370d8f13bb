import { describe, expect, it } from 'vitest';
import { InpaintClient } from './inpaint-client';
import type { InpaintError } from '../shared/errors';
import { bytesOf, makeMask, makePhoto, pixelsOf } from '../../test/fixtures/images';

// A real full disk, scoped to this test: a Storage Bucket with a small quota holds the tasks
// (`indexedDB: bucket.indexedDB`), so IndexedDB itself refuses the result write with a
// QuotaExceededError, and no other test's storage (same origin, maybe running alongside) is touched.
// Whether a small write still fits after the failed one depends on Chromium's accounting (an
// aborted write's pages may stay counted), so the task queued behind may complete or fail: either
// way it ends, whole or with the same code.
interface StorageBuckets {
  open(name: string, options: { quota: number }): Promise<{ indexedDB: IDBFactory; estimate(): Promise<{ usage?: number; quota?: number }> }>;
  delete(name: string): Promise<void>;
}
const buckets = (navigator as Navigator & { storageBuckets?: StorageBuckets }).storageBuckets;

/** A PNG of random pixels: it does not compress, so its size is known (about 3 bytes a pixel). */
async function noisePng(width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(width, height);
  // getRandomValues fills at most 64 KiB at a time.
  for (let i = 0; i < img.data.length; i += 65536) crypto.getRandomValues(img.data.subarray(i, i + 65536));
  for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
  ctx.putImageData(img, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

async function error(promise: Promise<unknown>): Promise<InpaintError> {
  try {
    await promise;
  } catch (e) {
    return e as InpaintError;
  }
  throw new Error('expected a rejection');
}

describe('a task result that IndexedDB refuses to store', () => {
  it.skipIf(!buckets)('fails that task with cache_quota; earlier results stay intact and the queue goes on', async () => {
    const bucketName = `faults-${crypto.randomUUID().slice(0, 8)}`;
    // 1 MB: the small task and the big task's inputs fit (checked below); the big task's four PNG results (about 2 MB) do not.
    const quota = 1_000_000;
    const bucket = await buckets!.open(bucketName, { quota });
    const dbName = 'tasks';
    const client = new InpaintClient({ backend: 'wasm', dbName, indexedDB: bucket.indexedDB, resume: false });
    const statuses: string[] = [];
    let bytesA: Uint8Array = new Uint8Array();
    client.addEventListener('status', (e) => statuses.push(`${e.detail.task_id.slice(0, 4)}:${e.detail.status}`));
    try {
      const small = { image: await makePhoto(160, 100), mask: await makeMask(160, 100, [{ x: 40, y: 30, width: 20, height: 20 }]), prompt: 'x', seed: 3 };
      const a = await client.submit(small);
      const doneA = await client.wait(a.data.task_id);
      expect(doneA.data.status).toBe('COMPLETED');
      bytesA = await bytesOf(doneA.data.generated[0]);

      const big = {
        image: await makePhoto(800, 600, 'image/jpeg'),
        mask: await makeMask(800, 600, [{ x: 330, y: 260, width: 80, height: 60 }]),
        prompt: 'x',
        num_images: 4,
        output_format: 'png',
      };
      const b = await client.submit(big);
      // Queued behind the big one: it is stored, and must still end once the disk is full.
      const c = await client.submit({ ...small, seed: 4 });
      expect((await bucket.estimate()).usage).toBeLessThan(quota / 2);
      const doneB = await client.wait(b.data.task_id);
      expect(doneB.data.status).toBe('FAILED');
      expect(doneB.data.error?.code).toBe('cache_quota');
      expect(doneB.data.error?.message).toMatch(/Could not store the 4 result image\(s\) of task .* \(storage is full\)/);
      expect(doneB.data.error?.message).toMatch(/delete\(\) finished tasks/);
      expect(doneB.data.generated).toEqual([]);
      expect(doneB.data.images).toEqual([]);
      // Ended once, as FAILED: never reported COMPLETED on the way.
      const tag = b.data.task_id.slice(0, 4);
      expect(statuses.filter((s) => s.startsWith(`${tag}:`))).toEqual([`${tag}:CREATED`, `${tag}:IN_PROGRESS`, `${tag}:FAILED`]);

      // The queue went on: the next task ran and ended, whole or with the same clear code.
      const doneC = await client.wait(c.data.task_id);
      if (doneC.data.status === 'COMPLETED') expect((await pixelsOf(doneC.data.generated[0])).width).toBe(160);
      else expect(doneC.data.error?.code).toBe('cache_quota');

      // A new task whose inputs cannot be stored (a 2 MB PNG) is refused at submit() with the same code; nothing is queued.
      const noise = await noisePng(1000, 700);
      expect(noise.size).toBeGreaterThan(quota);
      const refused = await error(client.submit({ image: noise, mask: await makeMask(1000, 700, [{ x: 10, y: 10, width: 50, height: 50 }]), prompt: 'x' }));
      expect(refused.code).toBe('cache_quota');
      expect(refused.message).toMatch(/Could not store the task and its input images/);
      expect((await client.list()).data).toHaveLength(3);

      // The earlier result is untouched, in this page and in the store.
      const againA = await client.get(a.data.task_id);
      expect(againA.data.status).toBe('COMPLETED');
      expect(await bytesOf(againA.data.generated[0])).toEqual(bytesA);
    } finally {
      client.dispose();
    }

    // A reload (a new client on the same database) finds the completed task whole; the big task is
    // FAILED (stored), or re-run and failed the same way if even its failure did not fit: never COMPLETED without images.
    const after = new InpaintClient({ backend: 'wasm', dbName, indexedDB: bucket.indexedDB });
    try {
      await after.ready;
      const list = (await after.list()).data;
      expect(list).toHaveLength(3);
      const first = list[list.length - 1];
      const storedA = await after.get(first.task_id);
      expect(storedA.data.status).toBe('COMPLETED');
      expect(await bytesOf(storedA.data.generated[0])).toEqual(bytesA);
      const pixels = await pixelsOf(storedA.data.generated[0]);
      expect([pixels.width, pixels.height]).toEqual([160, 100]);
      const doneB = await after.wait(list[1].task_id);
      expect(doneB.data.status).toBe('FAILED');
      expect(doneB.data.error?.code).toBe('cache_quota');
      expect(doneB.data.generated).toEqual([]);
      const doneC = await after.wait(list[0].task_id);
      if (doneC.data.status === 'COMPLETED') expect((await pixelsOf(doneC.data.generated[0])).height).toBe(100);
      else expect(doneC.data.error?.code).toBe('cache_quota');
    } finally {
      after.dispose();
      await buckets!.delete(bucketName);
    }
  });

  it('refuses an indexedDB option that is not an IDBFactory, naming it', () => {
    let thrown: InpaintError | undefined;
    try {
      new InpaintClient({ indexedDB: {} as IDBFactory });
    } catch (e) {
      thrown = e as InpaintError;
    }
    expect(thrown?.code).toBe('invalid_request');
    expect(thrown?.invalid_params).toEqual([{ name: 'indexedDB', reason: expect.stringMatching(/IDBFactory/) }]);
  });
});
