import { describe, expect, it } from 'vitest';
import { compositeHoleFeathered, holeDistance, holeToKnownBytes, planarBytesToRgba, rgbaToPlanarBytes } from './pixels';

/** 9×7 image, hole = the 5×5 square at (2,1). */
const W = 9;
const H = 7;
const hole = new Uint8Array(W * H);
for (let y = 1; y < 6; y++) for (let x = 2; x < 7; x++) hole[y * W + x] = 1;
const full = { x: 0, y: 0, width: W, height: H };

describe('holeDistance', () => {
  it('gives the chessboard distance to the nearest known pixel, capped', () => {
    const d = holeDistance(hole, W, full, 9);
    expect(Array.from(d.subarray(3 * W, 4 * W))).toEqual([0, 0, 1, 2, 3, 2, 1, 0, 0]);
    expect(Array.from(d.subarray(1 * W, 2 * W))).toEqual([0, 0, 1, 1, 1, 1, 1, 0, 0]);
    expect(holeDistance(hole, W, full, 2)[3 * W + 4]).toBe(2);
  });

  it('does not count the image border as known', () => {
    const edge = new Uint8Array(4 * 1).fill(1);
    edge[3] = 0;
    expect(Array.from(holeDistance(edge, 4, { x: 0, y: 0, width: 4, height: 1 }, 9))).toEqual([3, 2, 1, 0]);
  });
});

describe('compositeHoleFeathered', () => {
  const original = () => {
    const img = new Uint8ClampedArray(W * H * 4);
    for (let i = 0; i < W * H; i++) img.set([100, 50, 0, 200], i * 4);
    return img;
  };
  const fill = new Uint8ClampedArray(W * H * 4);
  for (let i = 0; i < W * H; i++) fill.set([200, 250, 90, 7], i * 4);

  it('ramps from the original at the hole edge to the fill inside, and never writes outside the hole or alpha', () => {
    const out = original();
    compositeHoleFeathered(out, W, fill, full, hole, 2);
    const px = (x: number, y: number) => Array.from(out.subarray((y * W + x) * 4, (y * W + x) * 4 + 4));
    expect(px(3, 3)).toEqual([167, 183, 60, 200]); // d = 2: α = 2/3
    expect(px(2, 3)).toEqual([133, 117, 30, 200]); // d = 1: α = 1/3
    expect(px(4, 3)).toEqual([200, 250, 90, 200]); // d = 3 > feather: the fill exactly
    for (let i = 0; i < W * H; i++) if (!hole[i]) expect(Array.from(out.subarray(i * 4, i * 4 + 4))).toEqual([100, 50, 0, 200]);
  });

  it('pastes every hole pixel exactly with feather 0, from a sub-rectangle in the right place', () => {
    const out = original();
    const rect = { x: 1, y: 1, width: 7, height: 5 };
    const sub = new Uint8ClampedArray(rect.width * rect.height * 4);
    for (let y = 0; y < rect.height; y++) for (let x = 0; x < rect.width; x++) sub.set([x, y, 9, 9], (y * rect.width + x) * 4);
    compositeHoleFeathered(out, W, sub, rect, hole, 0);
    expect(Array.from(out.subarray((3 * W + 5) * 4, (3 * W + 5) * 4 + 4))).toEqual([4, 2, 9, 200]);
    expect(Array.from(out.subarray((1 * W + 1) * 4, (1 * W + 1) * 4 + 4))).toEqual([100, 50, 0, 200]);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const inRect = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
        const want = hole[y * W + x] && inRect ? [x - rect.x, y - rect.y, 9, 200] : [100, 50, 0, 200];
        expect(Array.from(out.subarray((y * W + x) * 4, (y * W + x) * 4 + 4))).toEqual(want);
      }
    }
  });

  it('rejects a rectangle outside the image or off the pixel grid, and mismatched buffers', () => {
    const fill4 = new Uint8ClampedArray(2 * 2 * 4);
    expect(() => compositeHoleFeathered(original(), W, fill4, { x: W - 1, y: 0, width: 2, height: 2 }, hole, 1)).toThrow(RangeError);
    expect(() => compositeHoleFeathered(original(), W, fill4, { x: 0.5, y: 0, width: 2, height: 2 }, hole, 1)).toThrow(RangeError);
    expect(() => compositeHoleFeathered(original(), W, fill4, { x: 0, y: 0, width: 2, height: 1 }, hole, 1)).toThrow(RangeError);
    expect(() => compositeHoleFeathered(original(), W, fill4, { x: 0, y: 0, width: 2, height: 2 }, hole.subarray(1), 1)).toThrow(RangeError);
  });
});

describe('planar bytes', () => {
  it('round-trips RGBA through [3,H,W] bytes and makes a 255 = known mask', () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 4, 5, 6, 7, 8]);
    const planar = rgbaToPlanarBytes(rgba, 2, 1);
    expect(Array.from(planar)).toEqual([1, 5, 2, 6, 3, 7]);
    expect(Array.from(planarBytesToRgba(planar, 2, 1))).toEqual([1, 2, 3, 255, 5, 6, 7, 255]);
    expect(Array.from(holeToKnownBytes(new Uint8Array([1, 0, 1])))).toEqual([0, 255, 0]);
  });
});
