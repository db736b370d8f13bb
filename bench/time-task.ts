import type { InpaintClient } from '../src/client/inpaint-client';

/**
 * One task through the real client, timed from submit to its end (prompt 'bench' and seed 1 unless
 * `body` says otherwise), then deleted; throws unless it completed. Shared by the bench and lab pages.
 */
export async function timeTask(client: InpaintClient, body: Record<string, unknown>) {
  const t0 = performance.now();
  const { data } = await client.submit({ prompt: 'bench', seed: 1, ...body } as never);
  const done = await client.wait(data.task_id);
  const ms = performance.now() - t0;
  if (done.data.status !== 'COMPLETED') throw new Error(done.data.error?.message);
  void client.delete(data.task_id);
  return { ms, timings: done.data.timings ?? {}, backend: done.data.backend };
}
