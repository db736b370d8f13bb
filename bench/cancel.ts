/**
 * What a cancel costs the next task (`--sections cancel`), on WASM with the
 * generated twins of `sd15-inpainting` (models/build/sd-twin.ts, served by the
 * harness at `/bench-twin/<file>`):
 * - baseline: TURBO tasks on a warm client (the model loaded by a first task),
 *   three per client, all pooled into the median;
 * - cooperative (default `cancelGraceMs`): a QUALITY task cancelled at its first
 *   UNet step, then the same TURBO task; the worker stops between steps and
 *   keeps its sessions;
 * - terminate (`cancelGraceMs: 0`): the same, but the worker is terminated, so
 *   the next task starts a new one and loads the model again.
 * Every mode gets a fresh client per rep, modes interleaved (rotated per rep),
 * with a pause after each client: without it, a disposed worker's teardown
 * overlapped the next timings on this 2-core machine (cooperative runs of 2 s).
 * All clients read the files from IndexedDB: one priming task downloads them
 * first, under a fresh `?run=` id.
 */
import { InpaintClient } from '../src/client/inpaint-client';
import { makeMask, makePhoto } from '../test/fixtures/images';
import { evictModel } from '../workers/cache';
import { twinFiles } from './sd-twins';
import type { InpaintRequest } from '../src/request/types';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** A pause between clients, so a disposed worker's teardown does not overlap the next client's timings. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

type Mode = 'baseline' | 'cooperative' | 'terminate';

/** One row per mode: medians over `reps` of each timing, and the worker start counts seen. */
export async function cancelCost(reps: number) {
  const size = 512;
  const image = await makePhoto(size, size);
  const mask = await makeMask(size, size, [{ x: 176, y: 176, width: 160, height: 160 }]);
  const modelFiles = { 'sd15-inpainting': await twinFiles(`bench-${Date.now().toString(36)}`) };
  const turbo: InpaintRequest = { image, mask, prompt: 'a wooden door', model: 'sd15-inpainting', rendering_speed: 'TURBO', seed: 1 };
  // 8 images × 30 steps: plenty of work left after the first step.
  const quality: InpaintRequest = { ...turbo, rendering_speed: 'QUALITY', num_images: 8 };
  const client = (mode: Mode) =>
    new InpaintClient({ backend: 'wasm', persist: false, modelFiles, ...(mode === 'terminate' ? { cancelGraceMs: 0 } : {}) });

  const runTask = async (c: InpaintClient, body: InpaintRequest) => {
    const t0 = performance.now();
    const { data } = await c.submit(body);
    const done = await c.wait(data.task_id);
    if (done.data.status !== 'COMPLETED') throw new Error(`${body.rendering_speed} task: ${done.data.error?.code}: ${done.data.error?.message}`);
    if (done.data.model !== 'sd15-inpainting' || done.data.backend !== 'wasm') throw new Error(`ran ${done.data.model} on ${done.data.backend}`);
    void c.delete(data.task_id);
    return performance.now() - t0;
  };

  /** Cancels a QUALITY task at its first step, then runs the TURBO task. */
  const cancelThenNext = async (c: InpaintClient) => {
    const { data } = await c.submit(quality);
    let cancelAt = 0;
    let failedAt = 0;
    let stepIndex = -1;
    let canceled: Promise<unknown> | undefined;
    const done = await c.wait(data.task_id, {
      onProgress: (_, e) => {
        if (e?.status !== 'step' || canceled) return;
        stepIndex = e.index;
        cancelAt = performance.now();
        canceled = c.cancel(data.task_id).then(() => (failedAt = performance.now()));
      },
    });
    await canceled;
    if (done.data.status !== 'FAILED' || done.data.error?.code !== 'canceled') throw new Error(`the QUALITY task ended ${done.data.status} (${done.data.error?.code ?? 'no error'})`);
    const next = await runTask(c, turbo);
    return { cancel_to_failed_ms: failedAt - cancelAt, cancel_to_next_done_ms: performance.now() - cancelAt, next_task_ms: next, step_index: stepIndex, worker_starts: c.workerStarts };
  };

  // Downloads the twins into IndexedDB (and warms the page's JIT): from here on every client reads them from there.
  const primer = client('baseline');
  await runTask(primer, turbo);
  primer.dispose();
  await settle();

  const modes: Mode[] = ['baseline', 'cooperative', 'terminate'];
  const runs: Record<Mode, Record<string, number>[]> = { baseline: [], cooperative: [], terminate: [] };
  for (let i = 0; i < reps; i++) {
    for (const mode of [...modes.slice(i % 3), ...modes.slice(0, i % 3)]) {
      const c = client(mode);
      try {
        if (mode === 'baseline') {
          await runTask(c, turbo); // loads the sessions
          // Three tasks per client, all in the median: the one right after the loading task is often the slowest.
          for (let k = 0; k < 3; k++) runs.baseline.push({ next_task_ms: await runTask(c, turbo), worker_starts: c.workerStarts });
        } else runs[mode].push(await cancelThenNext(c));
      } finally {
        c.dispose();
      }
      await settle();
      console.log(JSON.stringify({ rep: i, mode, ...runs[mode][runs[mode].length - 1] }));
    }
  }
  for (const file of modelFiles['sd15-inpainting']) await evictModel(file.url);
  return modes.map((mode) => {
    const keys = Object.keys(runs[mode][0]);
    return {
      mode,
      ...Object.fromEntries(keys.map((k) => [k, median(runs[mode].map((r) => r[k]))])),
      worker_starts_all: [...new Set(runs[mode].map((r) => r.worker_starts))],
    };
  });
}
