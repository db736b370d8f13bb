/**
 * The built-in fill's texture through the real client, worker, ORT (WASM) and
 * encoder: the same seed gives the same bytes (twice in one client, and in a
 * fresh client), another seed gives other bytes, and the hole of a textured
 * photo gets texture copied from it rather than a smooth smear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InpaintClient } from '../../src/client/inpaint-client';
import type { RenderingSpeed } from '../../src/request/types';
import { bytesOf, inHole, makeMask, pixelsOf, type Hole } from '../../test/fixtures/images';

const W = 160;
const H = 120;
const HOLE: Hole[] = [{ x: 50, y: 35, width: 60, height: 50 }];

/** Shading plus a fine checker-like weave: detail everywhere, the same statistics in the hole. */
function weave(x: number, y: number): number[] {
  const t = ((x >> 1) + (y >> 1)) & 1 ? 30 : -30;
  return [90 + (x * 60) / W + t, 80 + (y * 50) / H + t, 120 - t];
}

async function photo(): Promise<Blob> {
  const img = new ImageData(W, H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) img.data.set([...weave(x, y), 255], (y * W + x) * 4);
  const canvas = new OffscreenCanvas(W, H);
  canvas.getContext('2d')!.putImageData(img, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** Mean |horizontal| + |vertical| difference of the red channel between hole pixels. */
function holeDetail(data: Uint8ClampedArray): number {
  let s = 0;
  let n = 0;
  for (let y = 0; y < H - 1; y++) {
    for (let x = 0; x < W - 1; x++) {
      if (!inHole(HOLE, x, y) || !inHole(HOLE, x + 1, y) || !inHole(HOLE, x, y + 1)) continue;
      const i = (y * W + x) * 4;
      s += Math.abs(data[i] - data[i + 4]) + Math.abs(data[i] - data[i + W * 4]);
      n++;
    }
  }
  return s / n;
}

describe('built-in fill: deterministic per seed and backend, with real texture', () => {
  let client: InpaintClient;
  let image: Blob;
  let mask: Blob;
  beforeAll(async () => {
    client = new InpaintClient({ backend: 'wasm', persist: false });
    image = await photo();
    mask = await makeMask(W, H, HOLE);
  });
  afterAll(() => client.dispose());

  async function run(c: InpaintClient, speed: RenderingSpeed, seed: number): Promise<Uint8Array> {
    const { data } = await c.submit({ image, mask, prompt: 'remove it', seed, model: 'builtin-fill', rendering_speed: speed });
    const done = await c.wait(data.task_id);
    expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
    expect(done.data.backend).toBe('wasm');
    const bytes = await bytesOf(done.data.generated[0]);
    await c.delete(data.task_id);
    return bytes;
  }

  for (const speed of ['TURBO', 'DEFAULT', 'QUALITY'] as RenderingSpeed[]) {
    it(`${speed}: same seed, same bytes; another seed, other bytes; texture in the hole`, async () => {
      const a = await run(client, speed, 7);
      const b = await run(client, speed, 7);
      expect(b).toEqual(a);
      const other = new InpaintClient({ backend: 'wasm', persist: false });
      try {
        expect(await run(other, speed, 7)).toEqual(a);
      } finally {
        other.dispose();
      }
      const c = await run(client, speed, 8);
      expect(c).not.toEqual(a);

      const out = await pixelsOf(new Blob([a as Uint8Array<ArrayBuffer>]));
      const input = await pixelsOf(image);
      // The weave's own detail in the hole is ~30 per step; a smooth fill has ~1.
      expect(holeDetail(out.data)).toBeGreaterThan(0.4 * holeDetail(input.data));
    });
  }
});
