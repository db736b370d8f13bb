// Lab page: `node bench/lab/thread-trace.mjs`: one 12 MP task (the twelve bench's) between two
// console.timeStamp marks, so that the harness's Chrome trace can be cut to it (thread-trace.mjs).
import { InpaintClient } from '../../src/client/inpaint-client';
import { reportWhenDone } from '../page-protocol';
import { timeTask } from '../time-task';
import { twelveMegapixel } from '../scaled';

reportWhenDone(async () => {
  const { image: big, mask } = await twelveMegapixel();
  const client = new InpaintClient({ backend: 'wasm', persist: false });
  const body = { prompt: 'trace', seed: 1, image: big, mask, rendering_speed: 'TURBO' };
  const run = async () => (await timeTask(client, body)).timings;
  await run();
  await run();
  await new Promise((r) => setTimeout(r, 200));
  console.timeStamp('task-start');
  const timings = await run();
  console.timeStamp('task-end');
  client.dispose();
  return timings;
});
