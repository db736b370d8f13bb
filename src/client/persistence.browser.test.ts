import { describe, expect, it } from 'vitest';
import { InpaintClient } from './inpaint-client';
import { bytesOf, makeMask, makePhoto } from '../../test/fixtures/images';

// A page reload is a new client on the same IndexedDB database: the old page's
// memory, worker and object URLs are gone, the database is not. dispose() drops
// exactly that state (it terminates the worker mid-task and leaves the store).
describe('tasks survive a reload', () => {
  it('keeps a completed result: get() recreates the object URLs', async () => {
    const dbName = `reload-${crypto.randomUUID()}`;
    const image = await makePhoto(160, 100);
    const mask = await makeMask(160, 100, [{ x: 40, y: 30, width: 20, height: 20 }]);
    const before = new InpaintClient({ backend: 'wasm', dbName });
    const { data } = await before.submit({ image, mask, prompt: 'x', seed: 5 });
    const done = await before.wait(data.task_id);
    const bytesBefore = await bytesOf(done.data.generated[0]);
    before.dispose();

    const after = new InpaintClient({ backend: 'wasm', dbName });
    try {
      const again = await after.get(data.task_id);
      expect(again.data.status).toBe('COMPLETED');
      expect(again.data.generated).toHaveLength(1);
      expect(again.data.generated[0]).not.toBe(done.data.generated[0]);
      expect(await bytesOf(again.data.generated[0])).toEqual(bytesBefore);
      expect(again.data.images[0]).toMatchObject({ seed: 5, resolution: '160x100' });
      expect((await after.list()).data[0]).toEqual({ task_id: data.task_id, status: 'COMPLETED' });
    } finally {
      after.dispose();
    }
  });

  it('re-queues tasks left CREATED or IN_PROGRESS and completes them after the reload', async () => {
    const dbName = `reload-${crypto.randomUUID()}`;
    const image = await makePhoto(1600, 1000);
    const mask = await makeMask(1600, 1000, [{ x: 300, y: 200, width: 500, height: 400 }]);
    const before = new InpaintClient({ backend: 'wasm', dbName });
    const first = await before.submit({ image, mask, prompt: 'x', seed: 1 });
    const second = await before.submit({ image, mask, prompt: 'x', seed: 2 });
    // Let the first one start, then "reload" while it runs.
    await new Promise<void>((resolve) => before.addEventListener('status', () => resolve(), { once: true }));
    before.dispose();

    const after = new InpaintClient({ backend: 'wasm', dbName });
    try {
      await after.ready;
      const done1 = await after.wait(first.data.task_id);
      const done2 = await after.wait(second.data.task_id);
      expect(done1.data.status).toBe('COMPLETED');
      expect(done2.data.status).toBe('COMPLETED');
      expect(done2.data.images[0].seed).toBe(2);
    } finally {
      after.dispose();
    }
  });
});
