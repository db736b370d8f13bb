/**
 * The hole's own pixels play no part in a fill: two requests that differ only
 * inside the hole (random noise there, or a flat colour) give byte-identical
 * results, for every fill pipeline, wherever the hole is (interior, each edge,
 * each corner, all but one row, one pixel, thin lines), on sizes that are not a
 * multiple of any graph's padding. Real client, worker, ORT (WASM) and encoder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InpaintClient } from '../../src/client/inpaint-client';
import type { InpaintRequest, RenderingSpeed } from '../../src/request/types';
import { bytesOf, inHole, makeMask, pixelsOf, type Hole } from '../../test/fixtures/images';
import { twinOverrides } from './test-utils';

/** A smooth colour field with fine texture, drawn in code; `inside` paints the hole pixels. */
async function photo(width: number, height: number, holes: Hole[], inside: (x: number, y: number) => readonly number[]): Promise<Blob> {
  const img = new ImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = inHole(holes, x, y)
        ? inside(x, y)
        : [40 + (x * 170) / width, 30 + (y * 190) / height, 128 + 50 * Math.sin(x / 3) * Math.cos(y / 5)];
      img.data.set([v[0], v[1], v[2], 255], (y * width + x) * 4);
    }
  }
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.putImageData(img, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** Deterministic per-pixel noise (an integer hash), so a failure reproduces. */
function noise(x: number, y: number): number[] {
  const h = (c: number) => {
    let v = Math.imul(x * 374761393 + y * 668265263 + c * 2246822519, 1274126177);
    v ^= v >>> 13;
    return (Math.imul(v, 1103515245) >>> 16) & 255;
  };
  return [h(1), h(2), h(3)];
}
const MAGENTA = () => [255, 0, 255];

const W = 97;
const H = 61;
/** Hole layouts on a W×H image; none of W, H is a multiple of 2, 8, 64 or 512. */
const CASES: Record<string, Hole[]> = {
  interior: [{ x: 30, y: 20, width: 20, height: 15 }],
  'top edge': [{ x: 20, y: 0, width: 40, height: 8 }],
  'bottom edge': [{ x: 20, y: H - 8, width: 40, height: 8 }],
  'left edge': [{ x: 0, y: 15, width: 9, height: 30 }],
  'right edge': [{ x: W - 9, y: 15, width: 9, height: 30 }],
  'top-left corner': [{ x: 0, y: 0, width: 15, height: 10 }],
  'top-right corner': [{ x: W - 15, y: 0, width: 15, height: 10 }],
  'bottom-left corner': [{ x: 0, y: H - 10, width: 15, height: 10 }],
  'bottom-right corner': [{ x: W - 15, y: H - 10, width: 15, height: 10 }],
  'all but the first row': [{ x: 0, y: 1, width: W, height: H - 1 }],
  'all but the last column': [{ x: 0, y: 0, width: W - 1, height: H }],
  'one pixel': [{ x: 50, y: 30, width: 1, height: 1 }],
  'one pixel in the bottom-right corner': [{ x: W - 1, y: H - 1, width: 1, height: 1 }],
  'thin lines': [
    { x: 0, y: 30, width: W, height: 2 },
    { x: 70, y: 0, width: 3, height: H },
    { x: 10, y: 5, width: 1, height: 40 },
  ],
};

interface Pipeline {
  name: string;
  request: Partial<InpaintRequest>;
}
const PIPELINES: Pipeline[] = [
  ...(['TURBO', 'DEFAULT', 'QUALITY'] as RenderingSpeed[]).map((speed) => ({
    name: `builtin-fill ${speed}`,
    request: { model: 'builtin-fill', rendering_speed: speed },
  })),
  { name: 'MI-GAN twin', request: { model: 'migan' } },
  { name: 'LaMa twin', request: { model: 'lama' } },
];

describe('a fill never sees the hole: noise or flat colour in the hole give the same bytes', () => {
  let client: InpaintClient;
  beforeAll(async () => {
    client = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: await twinOverrides(crypto.randomUUID()) });
  });
  afterAll(() => client.dispose());

  async function run(body: InpaintRequest): Promise<Uint8Array> {
    const { data } = await client.submit(body);
    const done = await client.wait(data.task_id);
    expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
    const bytes = await bytesOf(done.data.generated[0]);
    await client.delete(data.task_id);
    return bytes;
  }

  async function expectIndependent(p: Pipeline, width: number, height: number, holes: Hole[]) {
    const mask = await makeMask(width, height, holes);
    const noisy = await photo(width, height, holes, noise);
    const flat = await photo(width, height, holes, MAGENTA);
    const body = { mask, prompt: 'remove it', seed: 99, ...p.request };
    const a = await run({ ...body, image: noisy });
    const b = await run({ ...body, image: flat });
    expect(a.length).toBeGreaterThan(0);
    expect(a, `${p.name}: the outputs differ, so the hole's content leaked into the fill`).toEqual(b);
    // And the known pixels come back exactly.
    const input = await pixelsOf(flat);
    const output = await pixelsOf(new Blob([a as Uint8Array<ArrayBuffer>]));
    let changed = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (inHole(holes, x, y)) continue;
        const i = (y * width + x) * 4;
        for (let c = 0; c < 4; c++) changed += input.data[i + c] === output.data[i + c] ? 0 : 1;
      }
    }
    expect(changed, `${p.name}: bytes changed outside the hole`).toBe(0);
  }

  for (const p of PIPELINES) {
    for (const [name, holes] of Object.entries(CASES)) {
      it(`${p.name}: ${name}`, () => expectIndependent(p, W, H, holes));
    }
  }

  for (const p of PIPELINES.filter((q) => q.name !== 'builtin-fill QUALITY')) {
    it(`${p.name}: a large hole at the right edge (LaMa shrinks its window and feathers the paste)`, async () => {
      await expectIndependent(p, 700, 390, [{ x: 400, y: 40, width: 300, height: 310 }]);
    });
  }

  it('a mask over the whole image is refused by the fill models: nothing is known to fill from', async () => {
    const holes = [{ x: 0, y: 0, width: W, height: H }];
    const mask = await makeMask(W, H, holes);
    const image = await photo(W, H, holes, noise);
    for (const p of PIPELINES) {
      const { data } = await client.submit({ image, mask, prompt: 'remove it', ...p.request });
      const done = await client.wait(data.task_id);
      expect(done.data.status, p.name).toBe('FAILED');
      expect(done.data.error?.code, p.name).toBe('invalid_request');
      expect(done.data.error?.message, p.name).toMatch(/covers the whole image.*nothing to fill from/);
    }
    // Routing without an explicit model: nothing prompt-guided is cached, so the same refusal.
    const { data } = await client.submit({ image, mask, prompt: 'a red balloon' });
    const done = await client.wait(data.task_id);
    expect(done.data.error?.code).toBe('invalid_request');
  });
});
