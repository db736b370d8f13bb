// Lab page: `node bench/lab/thread-trace.mjs`: one 12 MP task (the twelve bench's) between two
// console.timeStamp marks, so that the harness's Chrome trace can be cut to it (thread-trace.mjs).
import { InpaintClient } from '../../src/client/inpaint-client';
import { reportWhenDone } from '../page-protocol';
import { scaled } from '../scaled';

reportWhenDone(async () => {
  const photo = await (await fetch('/corpus/dev/boats.jpg')).blob();
  const big = await scaled(photo, 4000, 3000, 'image/jpeg', true, 0.92);
  const mask = await scaled(await (await fetch('/corpus/dev/masks/boats_blob.png')).blob(), 4000, 3000, 'image/png', false);
  const client = new InpaintClient({ backend: 'wasm', persist: false });
  const body = { prompt: 'trace', seed: 1, image: big, mask, rendering_speed: 'TURBO' } as never;
  const run = async () => {
    const { data } = await client.submit(body);
    const done = await client.wait(data.task_id);
    if (done.data.status !== 'COMPLETED') throw new Error(done.data.error?.message);
    void client.delete(data.task_id);
    return done.data.timings ?? {};
  };
  await run();
  await run();
  await new Promise((r) => setTimeout(r, 200));
  console.timeStamp('task-start');
  const timings = await run();
  console.timeStamp('task-end');
  client.dispose();
  return timings;
});
