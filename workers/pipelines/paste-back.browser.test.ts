/**
 * The built-in fill's result pasted into the decode canvas and encoded from it
 * (paste-back.ts `pasteIntoCanvas`): only hole pixels change, whatever the fill
 * holds elsewhere, and a large-hole task through the real client, worker, ORT
 * and encoder keeps every pixel outside its hole, partly transparent ones included.
 */
import { describe, expect, it, vi } from 'vitest';
import { pasteIntoCanvas } from './paste-back';
import { cropHole } from '../../src/shared/pixels';
import { decodeToCanvas } from '../../src/image/decode';
import { InpaintClient } from '../../src/client/inpaint-client';
import { bytesOf, makeMask, pixelsOf } from '../../test/fixtures/images';

/** A photo-like image whose top-left quarter is partly transparent (alpha 90..250). */
async function photoWithAlpha(width: number, height: number): Promise<Blob> {
  const img = new ImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const alpha = x < width / 2 && y < height / 2 ? 90 + ((x * 7 + y * 3) % 161) : 255;
      img.data.set([(x * 255) / width, (y * 255) / height, 128 + 60 * Math.sin(x / 7) * Math.cos(y / 11), alpha], (y * width + x) * 4);
    }
  }
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.putImageData(img, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

describe('pasteIntoCanvas', () => {
  // Run by run from the fill (the ring's 50 runs), and through the box when the hole has more runs
  // than maxRuns (as a dithered mask would): the same pixels either way.
  it.each([
    ['run by run', undefined, 0],
    ['through the box', 10, 1],
  ])('changes hole pixels only (all four channels from the fill), whatever the fill holds elsewhere: %s', async (_, maxRuns, boxReads) => {
    const W = 90;
    const H = 70;
    const decoded = await decodeToCanvas(await photoWithAlpha(W, H));
    const before = decoded.context.getImageData(0, 0, W, H).data;
    // A ring-shaped hole: its box holds known pixels in the middle.
    const hole = new Uint8Array(W * H);
    for (let y = 20; y < 50; y++) for (let x = 10; x < 60; x++) hole[y * W + x] = y < 25 || y >= 45 || x < 15 || x >= 55 ? 1 : 0;
    const bounds = { x: 10, y: 20, width: 50, height: 30 };
    const rect = { x: 5, y: 12, width: 70, height: 50 };
    // Garbage everywhere in the fill, known pixels included; opaque but for one pixel in ten.
    const fill = new Uint8ClampedArray(rect.width * rect.height * 4).map((_, i) => ((i & 3) === 3 ? (i % 40 === 3 ? 128 : 255) : (i * 37 + 11) & 255));
    const wanted = fill.slice();
    let taken = 0;
    const stages: string[] = [];
    // Count the canvas reads: the run-by-run paste reads nothing back.
    const reads = vi.spyOn(decoded.context, 'getImageData');
    const blob = await pasteIntoCanvas(
      { bounds, rect, cropHole: cropHole(hole, W, rect), canvas: decoded },
      () => (taken++, fill),
      (canvas) => canvas.convertToBlob({ type: 'image/png' }),
      (stage) => stages.push(stage),
      maxRuns,
    );
    expect(reads).toHaveBeenCalledTimes(boxReads);
    reads.mockRestore();
    expect(taken).toBe(1);
    expect(stages).toEqual(['composite', 'encode']);
    // Handed over: its memory is given back before the encode (free-now.ts), so it reads as empty.
    expect(fill.length).toBe(0);
    const after = decoded.context.getImageData(0, 0, W, H).data;
    const out = (await pixelsOf(blob)).data;
    let holes = 0;
    for (let p = 0; p < W * H; p++) {
      const x = p % W;
      const y = Math.floor(p / W);
      const want = hole[p] ? wanted.subarray(((y - rect.y) * rect.width + x - rect.x) * 4, ((y - rect.y) * rect.width + x - rect.x) * 4 + 4) : before.subarray(p * 4, p * 4 + 4);
      // Opaque fill pixels are exact; where the fill's alpha is below 255 the canvas stores premultiplied colour.
      if (hole[p] && want[3] === 255) {
        holes++;
        expect(Array.from(after.subarray(p * 4, p * 4 + 4))).toEqual(Array.from(want));
      }
      if (!hole[p]) expect(Array.from(after.subarray(p * 4, p * 4 + 4))).toEqual(Array.from(want));
      expect(Array.from(out.subarray(p * 4, p * 4 + 4))).toEqual(Array.from(after.subarray(p * 4, p * 4 + 4)));
    }
    expect(holes).toBeGreaterThan(400);
  });
});

describe('a large hole through the client (PNG: pasted into the decode canvas)', () => {
  it('keeps every pixel outside the hole, partly transparent ones included, and gives the same bytes for the same seed', { timeout: 120_000 }, async () => {
    const W = 1600;
    const H = 1200;
    const image = await photoWithAlpha(W, H);
    // A hole of 40 % of the image, reaching into the transparent quarter.
    const mask = await makeMask(W, H, [{ x: 500, y: 300, width: 800, height: 720 }]);
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    try {
      const run = async () => {
        const { data } = await client.submit({ image, mask, prompt: 'remove it', seed: 7, model: 'builtin-fill', rendering_speed: 'TURBO' });
        const done = await client.wait(data.task_id);
        expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
        const bytes = await bytesOf(done.data.generated[0]);
        await client.delete(data.task_id);
        return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' });
      };
      const first = await run();
      const src = (await pixelsOf(image)).data;
      const out = (await pixelsOf(first)).data;
      let changedOutside = 0;
      let changedInside = 0;
      for (let p = 0; p < W * H; p++) {
        const x = p % W;
        const y = Math.floor(p / W);
        const inside = x >= 500 && x < 1300 && y >= 300 && y < 1020;
        const same = out[p * 4] === src[p * 4] && out[p * 4 + 1] === src[p * 4 + 1] && out[p * 4 + 2] === src[p * 4 + 2] && out[p * 4 + 3] === src[p * 4 + 3];
        if (!inside && !same) changedOutside++;
        if (inside && !same) changedInside++;
      }
      expect(changedOutside).toBe(0);
      expect(changedInside).toBeGreaterThan(800 * 720 * 0.5);
      expect(new Uint8Array(await (await run()).arrayBuffer())).toEqual(new Uint8Array(await first.arrayBuffer()));
    } finally {
      client.dispose();
    }
  });
});
