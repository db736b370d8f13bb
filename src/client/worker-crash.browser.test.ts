import { describe, expect, it } from 'vitest';
import { InpaintClient } from './inpaint-client';
import { defaultWorkerFactory } from './worker-bridge';
import { makeMask, makePhoto } from '../../test/fixtures/images';

describe('worker crash', () => {
  it('fails the running task with worker_crashed, restarts the worker and goes on with the queue', async () => {
    let made = 0;
    const client = new InpaintClient({
      backend: 'wasm',
      persist: false,
      createWorker: () => {
        made++;
        return made === 1
          ? new Worker(new URL('../../test/fixtures/crash.worker.ts', import.meta.url), { type: 'module' })
          : defaultWorkerFactory();
      },
    });
    try {
      const image = await makePhoto(96, 64);
      const mask = await makeMask(96, 64, [{ x: 20, y: 20, width: 10, height: 10 }]);
      const a = await client.submit({ image, mask, prompt: 'x', seed: 1 });
      const b = await client.submit({ image, mask, prompt: 'x', seed: 2 });
      const doneA = await client.wait(a.data.task_id);
      const doneB = await client.wait(b.data.task_id);
      expect(doneA.data.status).toBe('FAILED');
      expect(doneA.data.error?.code).toBe('worker_crashed');
      expect(doneB.data.status).toBe('COMPLETED');
      expect(client.workerStarts).toBe(2);
    } finally {
      client.dispose();
    }
  });
});
