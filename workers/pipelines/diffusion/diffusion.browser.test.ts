/**
 * The diffusion pipeline end to end through the real client, worker, weight
 * cache and ORT sessions, on the generated twins of every component
 * (models/build/sd-twin.ts), on WASM and on WebGPU.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STYLE_CODE_TABLE, STYLE_PRESETS } from './style';
import { paletteWords } from './palette';
import { InpaintClient } from '../../../src/client/inpaint-client';
import type { InpaintRequest, TaskResponse } from '../../../src/request/types';
import type { Progress } from '../../../src/shared/progress';
import { pixelsOf, solidPng } from '../../../test/fixtures/images';
import { runTask } from '../test-utils';
import { H, HOLE, W, checkOutput, inputs, sdTwinOverrides } from './test-utils';

async function bytesOf(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

for (const backend of ['wasm', 'webgpu'] as const) {
  describe(`diffusion on the twins, ${backend}`, () => {
    const run = `sd-${backend}-${crypto.randomUUID()}`;
    let client: InpaintClient;
    beforeAll(async () => {
      client = new InpaintClient({ backend, persist: false, modelFiles: await sdTwinOverrides(run) });
      if (backend === 'webgpu') {
        const diag = await client.diagnostics();
        expect(diag.probe.webgpu, diag.probe.webgpuReason).toBe(true);
      }
    });
    afterAll(() => client.dispose());

    it('SD-Turbo: 2 steps × 2 images = 4 UNet calls; right size, exact outside the hole; the prompt used is reported', async () => {
      const { image, mask } = await inputs();
      const body: InpaintRequest = {
        image,
        mask,
        prompt: 'a red car',
        model: 'sd-turbo',
        rendering_speed: 'DEFAULT',
        magic_prompt: 'OFF',
        // style_codes exclude style_type in the contract; style_type is covered by the SD-1.5 case.
        style_codes: ['0000000a'],
        color_palette: { name: 'ULTRAMARINE' },
        seed: 11,
        num_images: 2,
      };
      const { done, events } = await runTask(client, body);
      expect(done.data.model).toBe('sd-turbo');
      expect(done.data.backend).toBe(backend);
      expect(done.data.model_note).toContain('sd-turbo ran 2 euler-trailing steps × 2 images (4 UNet evaluations)');
      expect(done.data.model_note).toContain('Non-Commercial');
      // WebGPU: the text embeddings, latents and every ε stay in GPU buffers (gpu-resident.browser.test.ts).
      expect(done.data.model_note?.includes('latents kept on the GPU')).toBe(backend === 'webgpu');
      const used = ['a red car', STYLE_CODE_TABLE[10], paletteWords({ name: 'ULTRAMARINE' })].join(', ');
      expect(done.data.images.map((i) => [i.seed, i.prompt, i.resolution])).toEqual([
        [11, used, `${W}x${H}`],
        [12, used, `${W}x${H}`],
      ]);
      for (const url of done.data.generated) await checkOutput(image, url);
      // Different seeds, different hole.
      expect(await bytesOf(done.data.generated[0])).not.toEqual(await bytesOf(done.data.generated[1]));
      // initiate → (download/verify)* → ready → step 1..4 in order → done.
      const statuses = events.map((e) => e.status);
      expect(statuses[0]).toBe('initiate');
      expect(statuses.indexOf('ready')).toBeLessThan(statuses.indexOf('step'));
      expect(events.filter((e) => e.status === 'step')).toEqual([1, 2, 3, 4].map((index) => ({ status: 'step', index, total: 4 })));
      expect(statuses[statuses.length - 1]).toBe('done');
    });

    it('the same seed reproduces the same bytes', async () => {
      const { image, mask } = await inputs();
      const body: InpaintRequest = { image, mask, prompt: 'a bench', model: 'sd-turbo', rendering_speed: 'TURBO', seed: 5 };
      const a = (await runTask(client, body)).done;
      const b = (await runTask(client, body)).done;
      expect(a.data.model_note).toContain('1 euler-trailing step × 1 image (1 UNet evaluations)');
      expect(await bytesOf(b.data.generated[0])).toEqual(await bytesOf(a.data.generated[0]));
      const c = (await runTask(client, { ...body, seed: 6 })).done;
      expect(await bytesOf(c.data.generated[0])).not.toEqual(await bytesOf(a.data.generated[0]));
    });

    it('SD-1.5 inpainting (9 channels, CFG): TURBO = 12 DDIM steps × 2 = 24 UNet calls', async () => {
      const { image, mask } = await inputs();
      const { done, events } = await runTask(client, { image, mask, prompt: 'a wooden door', model: 'sd15-inpainting', rendering_speed: 'TURBO', magic_prompt: 'OFF', style_type: 'REALISTIC' });
      expect(done.data.model).toBe('sd15-inpainting');
      expect(done.data.model_note).toContain('sd15-inpainting ran 12 ddim-leading steps × 1 image (24 UNet evaluations, guidance 6)');
      expect(done.data.images[0].prompt).toBe(`a wooden door, ${STYLE_PRESETS.REALISTIC.words}`);
      expect(done.data.images[0].style_type).toBe('REALISTIC');
      expect(events.filter((e) => e.status === 'step').map((e) => (e as { index: number }).index)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      await checkOutput(image, done.data.generated[0]);
    });
  });
}

describe('diffusion routing, references and cancellation (WASM)', () => {
  const run = `sd-route-${crypto.randomUUID()}`;
  let client: InpaintClient;
  beforeAll(async () => {
    client = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: await sdTwinOverrides(run) });
  });
  afterAll(() => client.dispose());

  it('serves a content prompt with the built-in model while nothing is cached; with SD-Turbo cached, uses it; removal prompts stay on fill', async () => {
    const { image, mask } = await inputs();
    expect((await runTask(client, { image, mask, prompt: 'a red car' })).done.data.model).toBe('builtin-fill');
    await runTask(client, { image, mask, prompt: 'a red car', model: 'sd-turbo', rendering_speed: 'TURBO' });
    const routed = (await runTask(client, { image, mask, prompt: 'a red car', rendering_speed: 'TURBO' })).done;
    expect(routed.data.model).toBe('sd-turbo');
    expect(routed.data.model_note).toMatch(/^"sd-turbo" serves TURBO: the prompt asks for new content/);
    const removal = (await runTask(client, { image, mask, prompt: 'remove the car', rendering_speed: 'TURBO' })).done;
    expect(removal.data.model).toBe('builtin-fill');
  });

  it('a style reference moves the hole toward its colours; a character reference seeds the hole at partial strength', async () => {
    const { image, mask } = await inputs();
    const green = await solidPng(32, 32, '#10e020');
    const base: InpaintRequest = { image, mask, prompt: 'a bench', model: 'sd-turbo', rendering_speed: 'TURBO', seed: 3 };
    const plain = await pixelsOf((await runTask(client, base)).done.data.generated[0]);
    const styled = (await runTask(client, { ...base, style_reference_images: [green] })).done;
    expect(styled.data.model_note).toContain('style reference colours');
    const out = await checkOutput(image, styled.data.generated[0]);
    const meanGreen = (px: Uint8ClampedArray) => {
      let s = 0;
      for (let y = HOLE.y + 4; y < HOLE.y + HOLE.height - 4; y++) for (let x = HOLE.x + 4; x < HOLE.x + HOLE.width - 4; x++) s += px[(y * W + x) * 4 + 1] - px[(y * W + x) * 4];
      return s;
    };
    expect(meanGreen(out.data)).toBeGreaterThan(meanGreen(plain.data));
    const character = (await runTask(client, { ...base, character_reference_images: [green] })).done;
    expect(character.data.model_note).toContain('character reference at strength 0.7');
    // TURBO's 1 step cannot run at strength 0.7 (⌊1·0.7⌋ = 0): 2 trailing steps [999, 499], the last one kept.
    expect(character.data.model_note).toContain('1 euler-trailing step × 1 image (1 UNet evaluations)');
    await checkOutput(image, character.data.generated[0]);
  });

  /** Submits a long sd15 job (QUALITY: 30 DDIM steps × 8 images) and cancels it at its first step event. */
  async function cancelAtFirstStep(c: InpaintClient) {
    const { image, mask } = await inputs();
    const { data } = await c.submit({ image, mask, prompt: 'a door', model: 'sd15-inpainting', rendering_speed: 'QUALITY', num_images: 8 });
    const steps: number[] = [];
    let total = 0;
    let canceled: Promise<TaskResponse> | undefined;
    const done = await c.wait(data.task_id, {
      onProgress: (_, e) => {
        if (e?.status !== 'step') return;
        steps.push(e.index);
        total = e.total;
        canceled ??= c.cancel(data.task_id);
      },
    });
    await canceled;
    expect(done.data.status).toBe('FAILED');
    expect(done.data.error?.code).toBe('canceled');
    expect(total).toBe(240);
    // The cancel was sent at the first step event. The client drops progress after a cancel, so how far the
    // worker went shows in the callers: with a 250 ms grace, a worker still running its 480 UNet calls would be
    // terminated (workerStarts 2); the worker that stopped at its next checkpoint stays (workerStarts 1).
    expect(steps[0]).toBe(1);
  }

  /** Files the task read from the weight cache (each read emits `verify`): a session load reads its .onnx. */
  const onnxRead = (events: Progress[]) => events.flatMap((e) => (e.status === 'verify' && e.file.endsWith('.onnx') ? [e.file] : [])).sort();

  it('cancels between steps on WASM: the task fails "canceled" at once, the worker stays up, and the next task reuses its loaded sessions', async () => {
    // The 240 twin steps left after the cancel take ~0.7–1 s here; 250 ms of grace is far
    // more than one step, far less than the rest. Had the cancel not landed between steps,
    // the worker would still be busy when the grace ran out, and be restarted. (The client
    // drops progress once a task is cancelled, so the step count alone proves little.)
    const c = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: await sdTwinOverrides(run), cancelGraceMs: 250 });
    try {
      await cancelAtFirstStep(c);
      const { image, mask } = await inputs();
      const next = await runTask(c, { image, mask, prompt: 'a door', model: 'sd15-inpainting', rendering_speed: 'TURBO' });
      expect(next.done.data.model).toBe('sd15-inpainting');
      expect(c.workerStarts).toBe(1);
      // The cancelled task loaded the four sessions; the next one reads only the tokenizer files.
      expect(onnxRead(next.events)).toEqual([]);
      expect(next.events.filter((e) => e.status === 'verify').length).toBeGreaterThan(0);
    } finally {
      c.dispose();
    }
  });

  it('with cancelGraceMs 0 a cancel terminates the worker at once; the next task starts a new one, reloads its sessions and completes', async () => {
    const c = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: await sdTwinOverrides(run), cancelGraceMs: 0 });
    try {
      await cancelAtFirstStep(c);
      expect(c.workerStarts).toBe(1);
      const { image, mask } = await inputs();
      const next = await runTask(c, { image, mask, prompt: 'a door', model: 'sd15-inpainting', rendering_speed: 'TURBO' });
      await checkOutput(image, next.done.data.generated[0]);
      expect(c.workerStarts).toBe(2);
      expect(onnxRead(next.events)).toEqual(['sd-text-encoder.onnx', 'sd-unet9.onnx', 'sd-vae-decoder.onnx', 'sd-vae-encoder.onnx']);
    } finally {
      c.dispose();
    }
  });
});

describe('device requirements of the published files', () => {
  it('refuses SD-Turbo up front on every backend here, naming each reason: WebGPU lacks shader-f16, WASM lacks memory', async () => {
    // The published manifest as-is: the check runs before any Hub lookup or download.
    // 'webgpu' explicitly: 'auto' treats SwiftShader (a software adapter) as no GPU and would not try it.
    const c = new InpaintClient({ backend: 'webgpu', persist: false });
    try {
      const { image, mask } = await inputs();
      const done = await c.wait((await c.submit({ image, mask, prompt: 'a red car', model: 'sd-turbo', rendering_speed: 'TURBO' })).data.task_id);
      expect(done.data.status).toBe('FAILED');
      expect(done.data.error?.code).toBe('backend_unavailable');
      const message = done.data.error?.message ?? '';
      expect(message).toMatch(/^The WASM backend cannot run "sd-turbo" at 384×384 \(rendering_speed TURBO\): it needs about \d+ bytes \([\d.]+ GiB\) of WebAssembly memory/);
      expect(message).toContain('4294967296 bytes (4.00 GiB)');
      // SwiftShader's WebGPU adapter has no shader-f16: the first refusal is kept in the message.
      expect(message).toContain('Other backends: webgpu: WebGPU cannot run "sd-turbo": the adapter lacks the "shader-f16" feature');
    } finally {
      c.dispose();
    }
  });
});
