import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMA_TWIN_COLOUR } from '../../models/build/lama-twin';
import { MIGAN_TWIN_COLOUR } from '../../models/build/migan-twin';
import { InpaintClient } from '../../src/client/inpaint-client';
import type { TaskResponse } from '../../src/request/types';
import { makeMask, makePhoto, pixelsOf, type Hole } from '../../test/fixtures/images';
import type { ModelFileOverrides } from './learned-model';
import { checkFill, runTask, twinClient, twinOverrides, twinRequests } from './test-utils';

// Non-square, larger than LaMa's 512 on one side, hole off-centre (top right).
const W = 900;
const H = 600;
const HOLE: Hole = { x: 610, y: 90, width: 120, height: 80 };

async function inputs(width: number, height: number, hole: Hole) {
  return { image: await makePhoto(width, height), mask: await makeMask(width, height, [hole]) };
}

async function expectTwinFill(done: TaskResponse, image: Blob, hole: Hole, colour: readonly number[], band = 0) {
  const input = await pixelsOf(image);
  const output = await pixelsOf(done.data.generated[0]);
  expect([output.width, output.height]).toEqual([input.width, input.height]);
  const check = checkFill(input.data, output.data, input.width, input.height, hole, colour, band);
  expect(check.changedOutside, check.examples.join('\n')).toBe(0);
  expect(check.wrongInside, check.examples.join('\n')).toBe(0);
  expect(check.insideChecked).toBeGreaterThan(0);
  expect(check.bandOutOfRange, check.examples.join('\n')).toBe(0);
  return check;
}

for (const backend of ['wasm', 'webgpu'] as const) {
  describe(`learned pipelines on their twins, ${backend}`, () => {
    const run = `${backend}-${crypto.randomUUID()}`;
    let client: InpaintClient;
    let files: ModelFileOverrides;
    beforeAll(async () => {
      files = await twinOverrides(run);
      client = new InpaintClient({ backend, persist: false, modelFiles: files });
      if (backend === 'webgpu') {
        const diag = await client.diagnostics();
        expect(diag.probe.webgpu, diag.probe.webgpuReason).toBe(true);
      }
    });
    afterAll(() => client.dispose());

    it('MI-GAN: downloads and verifies the twin, fills the hole with exactly its colour, keeps every other pixel', async () => {
      const { image, mask } = await inputs(W, H, HOLE);
      const { done, events } = await runTask(client, { image, mask, prompt: 'x', model: 'migan', rendering_speed: 'TURBO' });
      expect(done.data.model).toBe('migan');
      expect(done.data.backend).toBe(backend);
      if (backend === 'webgpu') expect((await client.diagnostics()).webgpuDeviceReady).toBe(true);
      expect(done.data.model_note).toMatch(/^model "migan" was requested explicitly, downloading its weights/);
      expect(done.data.model_note).toContain('MI-GAN ran on a 528×528 window around the hole');
      const statuses = events.map((e) => e.status);
      expect(statuses).toContain('download');
      expect(statuses.indexOf('verify')).toBeGreaterThan(statuses.indexOf('download'));
      expect(events.find((e) => e.status === 'ready')).toEqual({ status: 'ready', model: 'migan', backend });
      expect(await twinRequests('migan.onnx', run)).toHaveLength(1);
      await expectTwinFill(done, image, HOLE, MIGAN_TWIN_COLOUR);
    });

    it('LaMa: 0..1 in, 0..255 out, mask 1 = hole; the hole holds exactly its colour, pasted in place', async () => {
      const { image, mask } = await inputs(W, H, HOLE);
      const { done } = await runTask(client, { image, mask, prompt: 'x', model: 'lama', num_images: 2 });
      expect(done.data.model).toBe('lama');
      expect(done.data.backend).toBe(backend);
      expect(done.data.fallbacks ?? []).toEqual([]);
      expect(done.data.model_note).toContain('LaMa ran at 1:1 on a 512×512 window');
      expect(done.data.generated).toHaveLength(2);
      await expectTwinFill(done, image, HOLE, LAMA_TWIN_COLOUR);
    });

    // Cache behaviour does not depend on the backend: once is enough.
    if (backend === 'wasm') it('a second job loads the cached twin with no request to the server', async () => {
      const { image, mask } = await inputs(W, H, HOLE);
      const { done, events } = await runTask(client, { image, mask, prompt: 'x', model: 'migan' });
      expect(done.data.model_note).toMatch(/^model "migan" was requested explicitly; /);
      expect(events.map((e) => e.status)).not.toContain('download');
      expect(await twinRequests('migan.onnx', run)).toHaveLength(1);
    });
  });
}

describe('routing through the worker, with twins in the cache', () => {
  let run: string;
  let client: InpaintClient;
  beforeAll(async () => ({ run, client } = await twinClient()));
  afterAll(() => client.dispose());

  it('serves DEFAULT with the built-in model while nothing is cached, and never downloads for it', async () => {
    const { image, mask } = await inputs(W, H, HOLE);
    const { done } = await runTask(client, { image, mask, prompt: 'x' });
    expect(done.data.model).toBe('builtin-fill');
    expect(done.data.model_note).toMatch(/^no learned model is available offline \(lama, migan not cached/);
    expect(await twinRequests('lama.onnx', run)).toEqual([]);
    expect(await twinRequests('migan.onnx', run)).toEqual([]);
  });

  it('once MI-GAN is cached, DEFAULT and TURBO use it; once LaMa is too, DEFAULT and QUALITY use LaMa', async () => {
    const { image, mask } = await inputs(W, H, HOLE);
    await runTask(client, { image, mask, prompt: 'x', model: 'migan' });
    const def = (await runTask(client, { image, mask, prompt: 'x' })).done;
    expect(def.data.model).toBe('migan');
    expect(def.data.model_note).toMatch(/^"migan" serves DEFAULT: .*\(lama preferred but not cached\)/);
    await runTask(client, { image, mask, prompt: 'x', model: 'lama' });
    const picks = [];
    for (const speed of ['TURBO', 'DEFAULT', 'QUALITY'] as const) {
      picks.push((await runTask(client, { image, mask, prompt: 'x', rendering_speed: speed })).done.data.model);
    }
    expect(picks).toEqual(['migan', 'lama', 'lama']);
    expect(await twinRequests('lama.onnx', run)).toHaveLength(1);
  });
});

describe('high resolution (LaMa twin, WASM)', () => {
  let client: InpaintClient;
  beforeAll(async () => ({ client } = await twinClient()));
  afterAll(() => client.dispose());

  it('processes a small hole in a 12-megapixel photo on one 512×512 crop at 1:1, pasted exactly in place', async () => {
    const hole = { x: 3105, y: 2490, width: 90, height: 61 };
    const { image, mask } = await inputs(4000, 3000, hole);
    const { done } = await runTask(client, { image, mask, prompt: 'x', model: 'lama' });
    expect(done.data.model_note).toContain('LaMa ran at 1:1 on a 512×512 window');
    expect(done.data.images[0].resolution).toBe('4000x3000');
    await expectTwinFill(done, image, hole, LAMA_TWIN_COLOUR);
  });

  it('shrinks a hole larger than 512 to fit, without seams: exact interior, feathered edge within the surroundings', async () => {
    const hole = { x: 380, y: 240, width: 700, height: 560 };
    const { image, mask } = await inputs(1400, 1000, hole);
    const def = (await runTask(client, { image, mask, prompt: 'x', model: 'lama' })).done;
    expect(def.data.model_note).toMatch(/LaMa ran shrunk 1400×1000 → 512×366 \(scale 0\.366\), feathered 5 px inside the hole/);
    const check = await expectTwinFill(def, image, hole, LAMA_TWIN_COLOUR, 7);
    expect(check.bandChecked).toBeGreaterThan(0);
    const quality = (await runTask(client, { image, mask, prompt: 'x', model: 'lama', rendering_speed: 'QUALITY' })).done;
    // Tighter context: 700 + 2·88 = 876 px window, so LaMa sees the hole at 0.584 instead of 0.366.
    expect(quality.data.model_note).toMatch(/LaMa ran shrunk 876×876 → 512×512 \(scale 0\.584\), feathered 3 px/);
    await expectTwinFill(quality, image, hole, LAMA_TWIN_COLOUR, 5);
  });
});

describe('loaded models stay under the memory budget (WASM twins)', () => {
  const run = `memory-${crypto.randomUUID()}`;
  const models = (sessions: { key: string }[]) => sessions.map((s) => s.key.split(/[#/@]/)[0]);

  it('releases the least recently used model past modelMemoryBudgetBytes, and every model on releaseModels()', async () => {
    const files = await twinOverrides(run);
    const [migan, lama] = [files.migan![0].bytes, files.lama![0].bytes];
    // Room for either twin, not both.
    const client = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: files, modelMemoryBudgetBytes: Math.max(migan, lama) + 1 });
    try {
      const { image, mask } = await inputs(96, 64, { x: 30, y: 20, width: 20, height: 16 });
      expect((await runTask(client, { image, mask, prompt: 'x', model: 'migan' })).done.data.status).toBe('COMPLETED');
      const afterMigan = (await client.diagnostics()).sessions;
      expect(afterMigan.map((s) => [s.key.split(/[#/@]/)[0], s.backend, s.bytes])).toEqual([['migan', 'wasm', migan]]);
      expect((await runTask(client, { image, mask, prompt: 'x', model: 'lama' })).done.data.status).toBe('COMPLETED');
      expect(models((await client.diagnostics()).sessions)).toEqual(['lama']);
      const released = await client.releaseModels();
      expect(models(released.map((key) => ({ key })))).toEqual(['lama']);
      expect((await client.diagnostics()).sessions).toEqual([]);
      // A released model loads again for the next task, from the weight cache.
      const again = (await runTask(client, { image, mask, prompt: 'x', model: 'lama' })).done;
      expect(again.data.status).toBe('COMPLETED');
      await expectTwinFill(again, image, { x: 30, y: 20, width: 20, height: 16 }, LAMA_TWIN_COLOUR);
      expect(await twinRequests('lama.onnx', run)).toHaveLength(1);
    } finally {
      client.dispose();
    }
  });
});
