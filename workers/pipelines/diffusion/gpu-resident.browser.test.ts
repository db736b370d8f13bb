/**
 * On WebGPU (SwiftShader here) the diffusion pipeline keeps every tensor on the
 * GPU from the text encoder and the VAE encoder to the VAE decoder: the task
 * reads back the decoded image only, packed to 4 bytes a pixel
 * (`timings.readback_bytes`), its result
 * equals the WASM/JS path's within float32 rounding, a seed gives the same
 * bytes, and no GPU tensor outlives a task (`diagnostics().gpuTensorsLive`).
 * Tiny twins of SD-Turbo (4-channel latent blend, Euler) and SD-1.5
 * inpainting (9 channels, CFG, DDIM), as in diffusion.browser.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InpaintClient } from '../../../src/client/inpaint-client';
import { callWorkerBeside } from '../../../src/client/worker-access';
import type { InpaintRequest, TaskResponse } from '../../../src/request/types';
import { pixelsOf, solidPng } from '../../../test/fixtures/images';
import { runTask } from '../test-utils';
import { checkOutput, inputs, sdTwinOverrides } from './test-utils';

/** The run resolution the task's note reports ("… at 384×288, …"). */
function runSize(done: TaskResponse): [number, number] {
  const m = / at (\d+)×(\d+),/.exec(done.data.model_note ?? '');
  expect(m, done.data.model_note).not.toBeNull();
  return [Number(m![1]), Number(m![2])];
}

/** Largest per-channel difference, and how many bytes differ at all. */
async function difference(a: string, b: string) {
  const [pa, pb] = [await pixelsOf(a), await pixelsOf(b)];
  let max = 0;
  let differing = 0;
  for (let i = 0; i < pa.data.length; i++) {
    const d = Math.abs(pa.data[i] - pb.data[i]);
    max = Math.max(max, d);
    if (d) differing++;
  }
  return { max, differing };
}

async function bytesOf(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

describe('WebGPU keeps the tensors on the GPU between steps', () => {
  const run = `sd-resident-${crypto.randomUUID()}`;
  let gpu: InpaintClient;
  let wasm: InpaintClient;
  let modelFiles: Awaited<ReturnType<typeof sdTwinOverrides>>;
  beforeAll(async () => {
    modelFiles = await sdTwinOverrides(run);
    gpu = new InpaintClient({ backend: 'webgpu', persist: false, modelFiles });
    wasm = new InpaintClient({ backend: 'wasm', persist: false, modelFiles });
    const diag = await gpu.diagnostics();
    expect(diag.probe.webgpu, diag.probe.webgpuReason).toBe(true);
  });
  afterAll(() => {
    gpu.dispose();
    wasm.dispose();
  });

  const cases: [string, Partial<InpaintRequest>][] = [
    ['SD-Turbo, 2 Euler steps × 2 images, latent blend', { model: 'sd-turbo', rendering_speed: 'DEFAULT', num_images: 2 }],
    ['SD-1.5 inpainting, 12 DDIM steps with CFG, 9 channels', { model: 'sd15-inpainting', rendering_speed: 'TURBO' }],
  ];
  for (const [name, fields] of cases) {
    it(`${name}: reads back only the decoded image; equals the WASM result within rounding; same seed, same bytes`, async () => {
      const { image, mask } = await inputs();
      const body = { image, mask, prompt: 'a red car', magic_prompt: 'OFF', seed: 21, ...fields } as InpaintRequest;
      const a = (await runTask(gpu, body)).done;
      expect(a.data.backend).toBe('webgpu');
      const [rw, rh] = runSize(a);
      const images = body.num_images ?? 1;
      // The decoded image, once per image, packed to 4 bytes a pixel (an RGBA8 image's size): nothing else came back.
      const decoded = 4 * rw * rh * images;
      expect(a.data.timings?.readback_bytes).toBe(decoded);
      expect(a.data.model_note).toContain(`latents kept on the GPU (${decoded} bytes read back`);
      for (const url of a.data.generated) await checkOutput(image, url);

      const b = (await runTask(gpu, body)).done;
      for (let i = 0; i < images; i++) expect(await bytesOf(b.data.generated[i])).toEqual(await bytesOf(a.data.generated[i]));

      const c = (await runTask(wasm, body)).done;
      expect(c.data.backend).toBe('wasm');
      // WASM reads nothing back from a GPU.
      expect(c.data.timings?.readback_bytes).toBe(0);
      for (let i = 0; i < images; i++) {
        const { max, differing } = await difference(a.data.generated[i], c.data.generated[i]);
        // float32 on the GPU against float64-then-float32 in JS: at most a rounding step of one byte.
        expect(max, `${differing} bytes differ`).toBeLessThanOrEqual(1);
      }
      expect((await gpu.diagnostics()).gpuTensorsLive).toBe(0);
    });
  }

  it('a character reference (img2img start: addNoise and blend on the GPU) matches WASM too; no GPU tensor is left after the tasks', async () => {
    const { image, mask } = await inputs();
    const green = await solidPng(32, 32, '#10e020');
    const body: InpaintRequest = { image, mask, prompt: 'a bench', model: 'sd-turbo', rendering_speed: 'TURBO', seed: 3, character_reference_images: [green] };
    const a = (await runTask(gpu, body)).done;
    expect(a.data.model_note).toContain('character reference at strength 0.7');
    const [rw, rh] = runSize(a);
    expect(a.data.timings?.readback_bytes).toBe(4 * rw * rh);
    const c = (await runTask(wasm, body)).done;
    expect((await difference(a.data.generated[0], c.data.generated[0])).max).toBeLessThanOrEqual(1);
    const diag = await gpu.diagnostics();
    expect(diag.webgpuDeviceReady).toBe(true);
    expect(diag.gpuTensorsLive).toBe(0);
  });

  it('a WebGPU task cancelled between steps frees its GPU tensors in the same worker', async () => {
    // A long grace: the worker must stop at its own checkpoint, not be terminated (a new worker would count 0 trivially).
    const c = new InpaintClient({ backend: 'webgpu', persist: false, modelFiles, cancelGraceMs: 60_000 });
    try {
      const { image, mask } = await inputs();
      const { data } = await c.submit({ image, mask, prompt: 'a door', model: 'sd15-inpainting', rendering_speed: 'TURBO', num_images: 3 });
      let canceled: Promise<unknown> | undefined;
      const done = await c.wait(data.task_id, { onProgress: (_, e) => void (e?.status === 'step' && (canceled ??= c.cancel(data.task_id))) });
      await canceled;
      expect(done.data.error?.code).toBe('canceled');
      const diag = await c.diagnostics();
      expect(c.workerStarts).toBe(1);
      expect(diag.sessions.some((s) => s.key.startsWith('latent-ops/step-cfg@webgpu'))).toBe(true);
      expect(diag.gpuTensorsLive).toBe(0);
    } finally {
      c.dispose();
    }
  });

  it('a device lost during the task never hangs it: retried on WASM, or (lost in the middle of a run) the worker restarts; no GPU tensor is left', { timeout: 90_000 }, async () => {
    const c = new InpaintClient({ backend: 'webgpu', persist: false, modelFiles, cancelGraceMs: 60_000 });
    try {
      const { image, mask } = await inputs();
      const body: InpaintRequest = { image, mask, prompt: 'a door', model: 'sd15-inpainting', rendering_speed: 'TURBO', seed: 9 };
      const { data } = await c.submit(body);
      let lost: Promise<boolean> | undefined;
      // Beside the queue: the call lands at the worker's next turn of its event loop, between two runs or while
      // one waits for the GPU (on SwiftShader, usually the decoder's read back: the steps never wait for the GPU).
      const done = await c.wait(data.task_id, { onProgress: (_, e) => void (e?.status === 'step' && (lost ??= callWorkerBeside(c, (w) => w.loseWebgpuDevice()))) });
      expect(await lost).toBe(true);
      const reference = (await runTask(wasm, body)).done;
      if (done.data.status === 'COMPLETED') {
        // Lost between two runs: WebGPU failed, WASM ran the task in the same worker.
        expect(done.data.backend).toBe('wasm');
        expect(done.data.fallbacks?.[0]?.backend).toBe('webgpu');
        expect(await bytesOf(done.data.generated[0])).toEqual(await bytesOf(reference.data.generated[0]));
        expect(c.workerStarts).toBe(1);
        expect((await c.diagnostics()).gpuTensorsLive).toBe(0);
      } else {
        // Lost while ORT waited for the GPU: that run never settles, and ORT's one WebAssembly instance refuses
        // every later run, so the worker ends as a crash and the next task gets a new one (and a new device).
        expect(done.data.error?.code).toBe('worker_crashed');
        expect(done.data.error?.message).toContain('device was lost');
        const next = (await runTask(c, body)).done;
        expect(next.data.backend).toBe('webgpu');
        expect(c.workerStarts).toBe(2);
        expect((await c.diagnostics()).gpuTensorsLive).toBe(0);
      }
    } finally {
      c.dispose();
    }
  });
});
