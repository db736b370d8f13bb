/**
 * `npm run bench -- --gpu`: each model family's twin at its real input size on
 * WebGPU and on WASM (bench/gpu.worker.ts), with the ratio, and whether the
 * WebGPU adapter is a real GPU or SwiftShader (a software fallback, about 100×
 * slower than WASM: the ratio then says nothing about a real GPU); the
 * diffusion loop's latent maths per step (JS, graphs on WASM, graphs on
 * WebGPU); and whole diffusion tasks on the twins through the client, with the
 * bytes each read back from the GPU against its decoded image's.
 */
import { InpaintClient } from '../src/client/inpaint-client';
import type { InpaintRequest } from '../src/request/types';
import { makeMask, makePhoto } from '../test/fixtures/images';
import { evictModel } from '../workers/cache';
import { twinFiles } from './sd-twins';

export interface GpuBench {
  rows: Record<string, unknown>[];
  /** The denoise loop's latent maths alone (bench/gpu.worker.ts `latentSteps`). */
  latentMaths: Record<string, unknown>[];
  /** Whole diffusion tasks on the twins: bytes read back from the GPU against the decoded image's. */
  diffusion: Record<string, unknown>[];
  webgpu: boolean;
  webgpuReason?: string;
  fallbackAdapter?: boolean;
  adapterInfo?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

export async function gpuBench(reps: number): Promise<GpuBench> {
  const worker = new Worker(new URL('./gpu.worker.ts', import.meta.url), { type: 'module' });
  try {
    const result = await new Promise<{ ok?: GpuBench; error?: string }>((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage({ reps });
    });
    if (result.error) throw new Error(result.error);
    const ok = result.ok!;
    return { ...ok, diffusion: await diffusionTasks(reps, ok.webgpu) };
  } finally {
    worker.terminate();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * SD-Turbo and SD-1.5 inpainting tasks through the client on the twins, at
 * DEFAULT (512² run size: 64×64 latents), on each backend: median task ms over
 * `reps` after a warm-up task, and the task's `timings.readback_bytes` against
 * the bytes of the decoded image as RGBA8 at the run size, the one download
 * the WebGPU path should make (packed on the GPU to 4 bytes a pixel; the
 * decoder's float32 planes would be 12).
 */
async function diffusionTasks(reps: number, webgpu: boolean): Promise<Record<string, unknown>[]> {
  const size = 512;
  const image = await makePhoto(size, size);
  const mask = await makeMask(size, size, [{ x: 176, y: 176, width: 160, height: 160 }]);
  const run = `gpu-${Date.now().toString(36)}`;
  const modelFiles = { 'sd-turbo': await twinFiles(run, 'sd-unet4.onnx'), 'sd15-inpainting': await twinFiles(run, 'sd-unet9.onnx') };
  const rows: Record<string, unknown>[] = [];
  for (const model of ['sd-turbo', 'sd15-inpainting'] as const) {
    const body: InpaintRequest = { image, mask, prompt: 'a wooden door', model, rendering_speed: 'DEFAULT', magic_prompt: 'OFF', seed: 1 };
    const row: Record<string, unknown> = { model, speed: 'DEFAULT' };
    for (const backend of webgpu ? (['webgpu', 'wasm'] as const) : (['wasm'] as const)) {
      const client = new InpaintClient({ backend, persist: false, modelFiles });
      try {
        const ms: number[] = [];
        for (let i = 0; i <= reps; i++) {
          const t0 = performance.now();
          const { data } = await client.submit(body);
          const done = await client.wait(data.task_id);
          if (done.data.status !== 'COMPLETED' || done.data.backend !== backend) throw new Error(`${model} on ${backend}: ${done.data.status} on ${done.data.backend}: ${done.data.error?.message}`);
          if (i > 0) ms.push(performance.now() - t0); // the first task loads the sessions
          const [, w, h] = / at (\d+)×(\d+),/.exec(done.data.model_note ?? '') ?? [];
          row.run_size = `${w}×${h}`;
          row.steps = / ran (\d+ \S+ steps?)/.exec(done.data.model_note ?? '')?.[1];
          row.decoded_bytes = 4 * Number(w) * Number(h); // the decoded image as RGBA8 (what WebGPU reads back, packed)
          row[`${backend}_readback_bytes`] = done.data.timings?.readback_bytes;
          void client.delete(data.task_id);
        }
        row[`${backend}_task_ms`] = median(ms);
        if (backend === 'webgpu') row.gpu_tensors_live = (await client.diagnostics()).gpuTensorsLive;
      } finally {
        client.dispose();
      }
    }
    rows.push(row);
  }
  for (const files of Object.values(modelFiles)) for (const f of files) await evictModel(f.url);
  return rows;
}
