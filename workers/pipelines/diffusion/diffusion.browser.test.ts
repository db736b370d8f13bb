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
import { compareAroundHoles, makeMask, makePhoto, pixelsOf, type Hole } from '../../../test/fixtures/images';
import { runTask } from '../test-utils';
import { sdTwinOverrides } from './test-utils';

const W = 256;
const H = 192;
const HOLE: Hole = { x: 100, y: 60, width: 48, height: 40 };

async function inputs() {
  return { image: await makePhoto(W, H), mask: await makeMask(W, H, [HOLE]) };
}

async function bytesOf(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

async function checkOutput(image: Blob, url: string) {
  const input = await pixelsOf(image);
  const output = await pixelsOf(url);
  expect([output.width, output.height]).toEqual([W, H]);
  const cmp = compareAroundHoles(input.data, output.data, W, [HOLE]);
  expect(cmp.changedOutside).toBe(0);
  expect(cmp.changedInside).toBeGreaterThan(cmp.inside * 0.5);
  return output;
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
      // WebGPU: the text encoder's output stays in a GPU buffer for every UNet call.
      expect(done.data.model_note?.includes('text embeddings kept on the GPU')).toBe(backend === 'webgpu');
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
    const canvas = new OffscreenCanvas(32, 32);
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#10e020';
    g.fillRect(0, 0, 32, 32);
    const green = await canvas.convertToBlob({ type: 'image/png' });
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

  it('cancels between steps: the task fails "canceled" before its last step, and the next task runs', async () => {
    const { image, mask } = await inputs();
    const { data } = await client.submit({ image, mask, prompt: 'a door', model: 'sd15-inpainting', rendering_speed: 'QUALITY', num_images: 4 });
    const steps: number[] = [];
    let canceled: Promise<TaskResponse> | undefined;
    const done = await client.wait(data.task_id, {
      onProgress: (_, e) => {
        if (e?.status !== 'step') return;
        steps.push(e.index);
        canceled ??= client.cancel(data.task_id);
      },
    });
    await canceled;
    expect(done.data.status).toBe('FAILED');
    expect(done.data.error?.code).toBe('canceled');
    expect(steps.length).toBeGreaterThan(0);
    expect(Math.max(...steps)).toBeLessThan(120);
    expect((await runTask(client, { image, mask, prompt: 'a door', model: 'sd-turbo', rendering_speed: 'TURBO' })).done.data.model).toBe('sd-turbo');
  });

  it('refuses the published manifests while their sha256 is not recorded, naming the files (no download)', async () => {
    const bare = new InpaintClient({ backend: 'wasm', persist: false });
    try {
      const { image, mask } = await inputs();
      const done = await bare.wait((await bare.submit({ image, mask, prompt: 'a car', model: 'sd-turbo' })).data.task_id);
      expect(done.data.status).toBe('FAILED');
      expect(done.data.error?.code).toBe('model_integrity');
      expect(done.data.error?.message).toMatch(/^The sha256 of vocab, merges, text_encoder, unet, vae_encoder, vae_decoder for model "sd-turbo" is not recorded/);
    } finally {
      bare.dispose();
    }
  });
});

const REAL_FILES = import.meta.env.VITE_LOCAL_INPAINT_SD_TURBO_FILES as string | undefined;
const REAL_REASON =
  'skipped: set VITE_LOCAL_INPAINT_SD_TURBO_FILES to a JSON list of the six sd-turbo files ' +
  '([{"name":"unet","url":"http://…/unet/model.onnx","bytes":…,"sha256":"…"}, …]) served with CORS to run';

describe('real SD-Turbo weights (opt-in)', () => {
  it(`inpaints with the real six files on WebGPU or WASM${REAL_FILES ? '' : ` (${REAL_REASON})`}`, { timeout: 600_000 }, async (ctx) => {
    ctx.skip(!REAL_FILES, REAL_REASON);
    const client = new InpaintClient({ persist: false, modelFiles: { 'sd-turbo': JSON.parse(REAL_FILES!) } });
    try {
      const image = await makePhoto(512, 512);
      const mask = await makeMask(512, 512, [{ x: 192, y: 192, width: 128, height: 128 }]);
      const done = await client.wait((await client.submit({ image, mask, prompt: 'a red apple', model: 'sd-turbo', rendering_speed: 'TURBO' })).data.task_id);
      expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
      const input = await pixelsOf(image);
      const output = await pixelsOf(done.data.generated[0]);
      expect(compareAroundHoles(input.data, output.data, 512, [{ x: 192, y: 192, width: 128, height: 128 }]).changedOutside).toBe(0);
    } finally {
      client.dispose();
    }
  });
});
