import { describe, expect, it } from 'vitest';
import { compositeHole, compositeHoleFeathered, resizeRgba } from '../../src/shared/pixels';
import { compositeAndEncode, pasteWindow, upsampleFill } from './paste-back';

const noise = (n: number, seed = 3) => {
  const out = new Uint8ClampedArray(n);
  let s = seed;
  for (let i = 0; i < n; i++) out[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
};

describe('compositeAndEncode', () => {
  const w = 9, h = 7;
  const rect = { x: 2, y: 1, width: 5, height: 4 };
  const hole = new Uint8Array(w * h);
  hole[2 * w + 3] = hole[3 * w + 4] = 1;

  it('encodes the composited pixels, then gives back the input unchanged', async () => {
    const input = { rgba: noise(w * h * 4), width: w, hole, bounds: { x: 3, y: 2, width: 2, height: 2 } };
    const original = new Uint8ClampedArray(input.rgba);
    const fill = new Uint8ClampedArray(rect.width * rect.height * 4).fill(201);
    let seen: Uint8ClampedArray | undefined;
    const blob = await compositeAndEncode(input, (t) => compositeHole(t, w, fill, rect, hole), async (rgba) => {
      seen = new Uint8ClampedArray(rgba);
      return new Blob([seen as Uint8ClampedArray<ArrayBuffer>]);
    });
    const expected = new Uint8ClampedArray(original);
    compositeHole(expected, w, fill, rect, hole);
    expect(Array.from(seen!)).toEqual(Array.from(expected));
    expect(blob.size).toBe(w * h * 4);
    expect(seen![(2 * w + 3) * 4]).toBe(201);
    expect(Array.from(input.rgba)).toEqual(Array.from(original));
  });

  it('restores the input when encoding fails', async () => {
    const input = { rgba: noise(w * h * 4, 9), width: w, hole, bounds: { x: 3, y: 2, width: 2, height: 2 } };
    const original = new Uint8ClampedArray(input.rgba);
    const fill = new Uint8ClampedArray(rect.width * rect.height * 4).fill(5);
    const failing = compositeAndEncode(input, (t) => compositeHole(t, w, fill, rect, hole), () => Promise.reject(new Error('encoder gone')));
    await expect(failing).rejects.toThrow('encoder gone');
    expect(Array.from(input.rgba)).toEqual(Array.from(original));
  });

  it('restores every hole pixel, also those the encode wrote (an expand seam), in runs across rows', async () => {
    const W = 40;
    const H = 30;
    const blob = new Uint8Array(W * H);
    for (let y = 5; y < 25; y++) for (let x = 8 + (y % 4); x < 33 - (y % 3); x++) blob[y * W + x] = 1;
    blob[5 * W + 20] = 0; // a gap splits a row into two runs
    const input = { rgba: noise(W * H * 4, 13), width: W, hole: blob, bounds: { x: 8, y: 5, width: 25, height: 20 } };
    const original = new Uint8ClampedArray(input.rgba);
    const small = { x: 15, y: 10, width: 6, height: 6 };
    await compositeAndEncode(
      input,
      (t) => compositeHole(t, W, new Uint8ClampedArray(small.width * small.height * 4).fill(77), small, blob),
      async (rgba) => {
        // Hole pixels outside the paste's rect, as finishExpand's seam writes them.
        for (let p = 0; p < W * H; p++) if (blob[p]) rgba.fill(3, p * 4, p * 4 + 3);
        return new Blob();
      },
    );
    expect(Array.from(input.rgba)).toEqual(Array.from(original));
  });
});

describe('upsampleFill', () => {
  it('pastes exactly what the whole-crop upsample pasted, feathered or not', () => {
    const W = 80, H = 60;
    const rect = { x: 10, y: 5, width: 61, height: 47 };
    const hole = new Uint8Array(W * H);
    for (let y = 20; y < 33; y++) for (let x = 30 + (y % 3); x < 47; x++) hole[y * W + x] = 1;
    const bounds = { x: 30, y: 20, width: 17, height: 13 };
    const small = noise(23 * 17 * 4, 11);
    for (const feather of [0, 2, 3]) {
      const before = noise(W * H * 4, 5);
      const after = new Uint8ClampedArray(before);
      compositeHoleFeathered(before, W, resizeRgba(small, 23, 17, rect.width, rect.height, 'bilinear'), rect, hole, feather);
      const up = upsampleFill(small, 23, 17, rect, bounds, feather);
      expect(up.rect).toEqual(pasteWindow(bounds, rect, feather));
      expect(up.rect.width * up.rect.height).toBeLessThan(rect.width * rect.height / 2);
      compositeHoleFeathered(after, W, up.fill, up.rect, hole, feather);
      expect(Array.from(after)).toEqual(Array.from(before));
    }
  });

  it('returns a fill already at the crop size as it is', () => {
    const fill = noise(4 * 3 * 4);
    const rect = { x: 1, y: 1, width: 4, height: 3 };
    expect(upsampleFill(fill, 4, 3, rect, { x: 2, y: 2, width: 1, height: 1 }, 0)).toEqual({ fill, rect });
  });
});
