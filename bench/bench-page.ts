/**
 * `npm run bench`, the page half. Every number is a median of timed runs after
 * a warm-up, through the real InpaintClient; ratios compare with a baseline
 * measured in this same page, because these machines are noisy.
 */
import { InpaintClient } from '../src/client/inpaint-client';
import { callWorker } from '../src/client/worker-access';
import { reportWhenDone } from './page-protocol';
import type { RenderingSpeed } from '../src/request/types';
import { editorLatency } from './editor-latency';
import { cancelCost } from './cancel';
import { firstGenerate } from './first-generate';
import { soak } from './soak';
import { gpuBench } from './gpu';
import { makeMask } from '../test/fixtures/images';
import { scaled, twelveMegapixel } from './scaled';
import { timeTask } from './time-task';

const q = new URLSearchParams(location.search);
const reps = Number(q.get('reps') ?? 3);
const wasmSizes = (q.get('sizes') ?? '512,1024,2048').split(',').map(Number);
const gpuSizes = (q.get('gpuSizes') ?? '512').split(',').filter(Boolean).map(Number);
const speeds = (q.get('speeds') ?? 'TURBO,DEFAULT,QUALITY').split(',') as RenderingSpeed[];
const sections = new Set((q.get('sections') ?? 'tasks,twelve,loads,editor,first,cancel').split(','));
const MASKS = ['brush', 'blob', 'lines'] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function blobOf(url: string) {
  return (await fetch(url)).blob();
}


async function main() {
  const photo = await blobOf('/corpus/dev/boats.jpg');
  const masks = Object.fromEntries(await Promise.all(MASKS.map(async (m) => [m, await blobOf(`/corpus/dev/masks/boats_${m}.png`)])));
  const rows: Record<string, unknown>[] = [];
  for (const backend of sections.has('tasks') ? (['wasm', 'webgpu'] as const) : []) {
    const client = new InpaintClient({ backend, persist: false });
    const sizes = backend === 'wasm' ? wasmSizes : gpuSizes;
    if (backend === 'webgpu' && !(await client.diagnostics()).probe.webgpu) {
      console.log('no WebGPU adapter; skipping WebGPU');
      client.dispose();
      continue;
    }
    for (const size of sizes) {
      const image = await scaled(photo, size, size, 'image/png', true);
      for (const mask of MASKS) {
        const m = await scaled(masks[mask], size, size, 'image/png', false);
        for (const speed of backend === 'wasm' ? speeds : ['DEFAULT' as RenderingSpeed]) {
          await timeTask(client, { image, mask: m, rendering_speed: speed }); // warm-up: session creation
          const runs = [];
          for (let i = 0; i < reps; i++) runs.push(await timeTask(client, { image, mask: m, rendering_speed: speed }));
          const row = {
            backend: runs[0].backend,
            size: `${size}²`,
            mask,
            speed,
            task_ms: median(runs.map((r) => r.ms)),
            model_ms: median(runs.map((r) => r.timings.model ?? NaN)),
          };
          console.log(JSON.stringify(row));
          rows.push(row);
        }
      }
    }
    client.dispose();
  }

  // 12 MP JPEG: everything except the model, against the browser's own
  // decode + encode of the same file (the floor any pipeline pays).
  const editor = sections.has('editor') ? await editorLatency() : [];
  const first = sections.has('first') ? await firstGenerate(Math.max(2, reps)) : [];
  const cancel = sections.has('cancel') ? await cancelCost(Number(q.get('reps') ?? 5)) : [];
  const soaked = sections.has('soak') ? await soak(Number(q.get('soakTasks') ?? 300), Number(q.get('soakWarmup') ?? 75), Number(q.get('soakEvery') ?? 25)) : undefined;
  const gpu = sections.has('gpu') ? await gpuBench(reps) : undefined;
  if (!sections.has('twelve')) return { rows, twelve: {}, loads: sections.has('loads') ? await modelLoads() : [], editor, first, cancel, soak: soaked, gpu };
  const { image: big, mask: bigMask } = await twelveMegapixel();
  const client = new InpaintClient({ backend: 'wasm', persist: false });
  await timeTask(client, { image: big, mask: bigMask, rendering_speed: 'TURBO' });
  const stages: Record<string, number[]> = {};
  const floor: number[] = [];
  for (let i = 0; i < reps; i++) {
    const r = await timeTask(client, { image: big, mask: bigMask, rendering_speed: 'TURBO' });
    for (const [k, v] of Object.entries(r.timings)) (stages[k] ??= []).push(v);
    (stages.task ??= []).push(r.ms);
    const t0 = performance.now();
    const bmp = await createImageBitmap(big);
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    c.getContext('2d')!.drawImage(bmp, 0, 0);
    await c.convertToBlob({ type: 'image/png' });
    floor.push(performance.now() - t0);
  }
  // Peak memory (Linux's resident-set high-water mark of the renderer, where the page
  // and the worker run; bench/harness.mjs) of one task, of the same task with a small
  // hole (texture synthesis then works on a 264×214 crop instead of the blob's
  // 2292×3000: the difference is texture's share), and of the browser's own
  // decode + encode, against the image's RGBA bytes. Each run starts from a collected
  // heap; the median of `reps` runs of each, alternated.
  const probe = (window as unknown as { __benchMemory?: (cmd: string) => Promise<{ peakBytes: number } | number | null> }).__benchMemory;
  let peak: { task?: number; small?: number; floor?: number } = {};
  const smallMask = await makeMask(4000, 3000, [{ x: 1900, y: 1400, width: 200, height: 150 }]);
  await timeTask(client, { image: big, mask: smallMask, rendering_speed: 'TURBO' });
  if (probe && (await probe('start'))) {
    await probe('stop');
    const peakOf = async (work: () => Promise<unknown>) => {
      // From a collected heap, page and worker (the harness exposes gc): what the last run
      // left for the collector would otherwise count, or not, by chance.
      (globalThis as { gc?: () => void }).gc?.();
      await callWorker(client, (w) => w.collectGarbage());
      await probe('start');
      await work();
      return ((await probe('stop')) as { peakBytes: number } | null)?.peakBytes ?? NaN;
    };
    const peaks: { task: number[]; small: number[]; floor: number[] } = { task: [], small: [], floor: [] };
    for (let i = 0; i < reps; i++) {
      peaks.task.push(await peakOf(() => timeTask(client, { image: big, mask: bigMask, rendering_speed: 'TURBO' })));
      peaks.small.push(await peakOf(() => timeTask(client, { image: big, mask: smallMask, rendering_speed: 'TURBO' })));
      peaks.floor.push(
        await peakOf(async () => {
          const bmp = await createImageBitmap(big);
          const c = new OffscreenCanvas(bmp.width, bmp.height);
          c.getContext('2d')!.drawImage(bmp, 0, 0);
          await c.convertToBlob({ type: 'image/png' });
          bmp.close();
        }),
      );
    }
    peak = { task: median(peaks.task), small: median(peaks.small), floor: median(peaks.floor) };
  }
  client.dispose();
  const twelve = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, median(v)]));
  return { rows, twelve: { ...twelve, browser_decode_encode_ms: median(floor), bytes: big.size, rgba_bytes: 4000 * 3000 * 4, peak_task_bytes: peak.task, peak_small_hole_bytes: peak.small, peak_floor_bytes: peak.floor }, loads: sections.has('loads') ? await modelLoads() : [], editor, first, cancel, soak: soaked, gpu };
}

/**
 * Weight loading at the real models' sizes (MI-GAN 28 MB, LaMa 208 MB; random
 * bytes): through the cache from the local server (download, sha256, store),
 * then again from the cache (read, check), against a plain
 * `fetch().arrayBuffer()` of the same URL as the baseline. All three run in a
 * dedicated worker (bench/loads.worker.ts), where the app's cache runs.
 */
async function modelLoads() {
  const worker = new Worker(new URL('./loads.worker.ts', import.meta.url), { type: 'module' });
  try {
    const result = await new Promise<{ ok?: Record<string, unknown>[]; error?: string }>((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage({
        origin: location.origin,
        reps: Math.max(1, Math.min(reps, 3)),
        sizes: [
          ['MI-GAN size', 28_079_181],
          ['LaMa size', 208_044_816],
        ],
      });
    });
    if (result.error) throw new Error(result.error);
    return result.ok!;
  } finally {
    worker.terminate();
  }
}

reportWhenDone(main);
