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

  it('a worker killed mid-task in a loop of 20 tasks: each killed task ends worker_crashed, every other one completes', async () => {
    const workers: Worker[] = [];
    const client = new InpaintClient({
      backend: 'wasm',
      persist: false,
      createWorker: () => {
        const worker = defaultWorkerFactory();
        workers.push(worker);
        return worker;
      },
    });
    try {
      const image = await makePhoto(64, 48);
      const mask = await makeMask(64, 48, [{ x: 20, y: 16, width: 10, height: 10 }]);
      const ids: string[] = [];
      const victims = new Set([1, 9, 18]);
      const killed = new Set<number>();
      client.addEventListener('progress', (e) => {
        const i = ids.indexOf((e as CustomEvent<{ task_id: string }>).detail.task_id);
        if (!victims.has(i) || killed.has(i)) return;
        killed.add(i);
        // What the browser does to a worker that dies (out of memory, a crashed renderer): it stops and reports `error`.
        const worker = workers.at(-1)!;
        worker.terminate();
        worker.dispatchEvent(new ErrorEvent('error', { message: 'killed by the test' }));
      });
      for (let i = 0; i < 20; i++) ids.push((await client.submit({ image, mask, prompt: 'x', seed: i })).data.task_id);
      const done = await Promise.all(ids.map((id) => client.wait(id)));
      const outcome = done.map((d) => (d.data.status === 'COMPLETED' ? 'ok' : d.data.error?.code));
      expect(outcome).toEqual(ids.map((_, i) => (victims.has(i) ? 'worker_crashed' : 'ok')));
      expect(client.workerStarts).toBe(1 + victims.size);
    } finally {
      client.dispose();
    }
    // Each kill starts a new worker (ORT's .wasm compiled again): seconds each, minutes on a loaded 2-core machine.
  }, 300_000);
});
