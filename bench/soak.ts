/**
 * Long use (`--sections soak`, issue 13): one client runs `soakTasks` tasks
 * (default 300) of mixed sizes (512² to 12 MP), all three speeds, `num_images`
 * 1–4, every 10th cancelled right after its submit, and every task deleted once
 * it has ended, with persistence on (its own database). Memory is sampled after
 * a warm-up of `soakWarmup` tasks (default 75), every `soakEvery` tasks (default 25)
 * and at the end, after a garbage
 * collection: `performance.measureUserAgentSpecificMemory()` (the page and its
 * worker; bench/run.mjs serves the soak cross-origin isolated and starts Chromium
 * with --expose-gc), else the page's JS heap alone (`performance.memory`); plus
 * the page's live object URLs (counted by wrapping URL.createObjectURL and
 * revokeObjectURL) and the origin's storage usage. Growth is end ÷ warm-up; the
 * goal is ≤ 1.10 once results are deleted.
 *
 * Why 75: the worker's memory is a high-water mark of the largest kind of task it
 * has run. It steps up at the first 12 MP task (task 25) and at the first 12 MP
 * QUALITY one (task 75), then stays flat to the last task (measured: 40.6 MB
 * after 20 tasks, 61.8 MB from 30 to 70, 71.9–72.0 MB from 80 to 150). A warm-up
 * ends once every speed has run at every size; the samples in between show
 * whether memory still climbs after that, which a leak would.
 */
import { InpaintClient } from '../src/client/inpaint-client';
import type { RenderingSpeed } from '../src/request/types';
import { makeMask, makePhoto } from '../test/fixtures/images';

export interface SoakSample {
  tasks: number;
  /** Bytes: measureUserAgentSpecificMemory() or the page's used JS heap. */
  memory: number;
  memorySource: 'measureUserAgentSpecificMemory' | 'performance.memory' | 'none';
  /** Bytes by realm (Window, DedicatedWorkerGlobalScope, …), when measureUserAgentSpecificMemory gives them. */
  byScope: Record<string, number>;
  liveObjectUrls: number;
  storageUsage: number;
}

export interface SoakResult {
  warmup: SoakSample;
  /** Every `soakEvery` tasks after the warm-up (none when 0): whether memory climbs or levels off. */
  between: SoakSample[];
  end: SoakSample;
  completed: number;
  canceled: number;
  failed: number;
  ms: number;
}

let liveUrls = 0;
const create = URL.createObjectURL.bind(URL);
const revoke = URL.revokeObjectURL.bind(URL);
const live = new Set<string>();
URL.createObjectURL = (obj: Blob | MediaSource) => {
  const url = create(obj);
  live.add(url);
  liveUrls = live.size;
  return url;
};
URL.revokeObjectURL = (url: string) => {
  live.delete(url);
  liveUrls = live.size;
  revoke(url);
};

async function sample(tasks: number): Promise<SoakSample> {
  // Let the collector run: a heap figure right after a burst of work counts garbage.
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 1000));
  const perf = performance as Performance & {
    measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: { bytes: number; attribution: { scope: string }[] }[] }>;
    memory?: { usedJSHeapSize: number };
  };
  let memory = 0;
  const byScope: Record<string, number> = {};
  let memorySource: SoakSample['memorySource'] = 'none';
  if (crossOriginIsolated && perf.measureUserAgentSpecificMemory) {
    const m = await perf.measureUserAgentSpecificMemory();
    memory = m.bytes;
    memorySource = 'measureUserAgentSpecificMemory';
    for (const b of m.breakdown) {
      const scope = b.attribution.map((a) => a.scope).join('+') || 'shared';
      byScope[scope] = (byScope[scope] ?? 0) + b.bytes;
    }
  } else if (perf.memory) {
    memory = perf.memory.usedJSHeapSize;
    memorySource = 'performance.memory';
  }
  const storageUsage = (await navigator.storage.estimate()).usage ?? 0;
  return { tasks, memory, memorySource, byScope, liveObjectUrls: liveUrls, storageUsage };
}

const SIZES: [number, number][] = [[512, 512], [1024, 768], [1024, 1024], [2048, 1536], [4000, 3000]];
const SPEEDS: RenderingSpeed[] = ['TURBO', 'DEFAULT', 'QUALITY'];

export async function soak(total: number, warmupTasks: number, every = 0): Promise<SoakResult> {
  const client = new InpaintClient({ backend: 'wasm', dbName: `local-inpaint-soak-${Date.now()}` });
  const inputs = new Map<string, { image: Blob; mask: Blob }>();
  const input = async ([w, h]: [number, number]) => {
    const key = `${w}x${h}`;
    if (!inputs.has(key)) {
      const hole = { x: Math.round(w * 0.4), y: Math.round(h * 0.4), width: Math.round(w * 0.1), height: Math.round(h * 0.08) };
      inputs.set(key, { image: await makePhoto(w, h, 'image/jpeg'), mask: await makeMask(w, h, [hole]) });
    }
    return inputs.get(key)!;
  };
  let completed = 0;
  let canceled = 0;
  let failed = 0;
  let warmup: SoakSample | undefined;
  const between: SoakSample[] = [];
  const started = performance.now();
  try {
    for (let i = 0; i < total; i++) {
      // 12 MP once every 25 tasks (each costs seconds); the rest cycle through the smaller sizes.
      const size = i % 25 === 24 ? SIZES[4] : SIZES[i % 4];
      const { image, mask } = await input(size);
      const { data } = await client.submit({ image, mask, prompt: 'remove it', seed: i, rendering_speed: SPEEDS[i % 3], num_images: 1 + (i % 4) });
      if (i % 10 === 9) await client.cancel(data.task_id);
      const done = await client.wait(data.task_id);
      if (done.data.status === 'COMPLETED') completed++;
      else if (done.data.error?.code === 'canceled') canceled++;
      else failed++;
      await client.delete(data.task_id);
      if (i + 1 === warmupTasks) warmup = await sample(i + 1);
      else if (every > 0 && i + 1 > warmupTasks && i + 1 < total && (i + 1 - warmupTasks) % every === 0) between.push(await sample(i + 1));
    }
    const end = await sample(total);
    return { warmup: warmup ?? end, between, end, completed, canceled, failed, ms: performance.now() - started };
  } finally {
    client.dispose();
  }
}
