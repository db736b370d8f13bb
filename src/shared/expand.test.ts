/** The expand canvas, its hole and the paste-back (pure pixel maths). */
import { describe, expect, it } from 'vitest';
import { EXPAND_OVERLAP, buildExpandCanvas, expandOverlap, finishExpand } from './expand';
import { mulberry32 } from './rng';

const noise = (n: number, seed: number) => {
  const next = mulberry32(seed);
  return new Uint8ClampedArray(n * 4).map(() => next() & 255);
};

describe('expandOverlap', () => {
  it('overlaps only the expanded sides, shrinking on small images so a pixel per row and column stays known', () => {
    expect(expandOverlap({ left: 5, right: 0, top: 0, bottom: 9 }, 100, 100)).toEqual({ left: EXPAND_OVERLAP, right: 0, top: 0, bottom: EXPAND_OVERLAP });
    expect(expandOverlap({ left: 5, right: 5, top: 0, bottom: 0 }, 6, 1)).toEqual({ left: 2, right: 2, top: 0, bottom: 0 });
    expect(expandOverlap({ left: 0, right: 5, top: 1, bottom: 1 }, 3, 1)).toEqual({ left: 0, right: 2, top: 0, bottom: 0 });
    expect(expandOverlap({ left: 1, right: 1, top: 1, bottom: 1 }, 1, 1)).toEqual({ left: 0, right: 0, top: 0, bottom: 0 });
  });
});

describe('buildExpandCanvas', () => {
  it('places the original at (left, top); the hole is the border plus the overlap', () => {
    const rgba = noise(20 * 10, 1);
    const c = buildExpandCanvas(rgba, 20, 10, { left: 3, right: 0, top: 0, bottom: 12 });
    expect([c.width, c.height, c.original]).toEqual([23, 22, { x: 3, y: 0, width: 20, height: 10 }]);
    expect([...c.rgba.subarray((0 * 23 + 3) * 4, (0 * 23 + 3) * 4 + 8)]).toEqual([...rgba.subarray(0, 8)]);
    const o = c.overlap;
    let known = 0;
    for (let y = 0; y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        const inner = x >= 3 + o.left && x < 23 && y < 10 - o.bottom;
        expect(c.hole[y * c.width + x]).toBe(inner ? 0 : 1);
        known += inner ? 1 : 0;
      }
    }
    expect(known).toBe((20 - EXPAND_OVERLAP) * (10 - EXPAND_OVERLAP));
  });
});

describe('finishExpand', () => {
  it('writes the original back bit-exact and feathers the seam mismatch into the border, fading to 0', () => {
    const w = 12, h = 4, sides = { left: 0, right: 12, top: 0, bottom: 0 };
    const original = noise(w * h, 2);
    const c = buildExpandCanvas(original, w, h, sides);
    // A "model" that filled everything with 100 grey, overlap included.
    const out = new Uint8ClampedArray(c.width * c.height * 4).fill(100);
    finishExpand(out, c.width, original, c.original, EXPAND_OVERLAP);
    for (let y = 0; y < h; y++) {
      expect([...out.subarray(y * c.width * 4, (y * c.width + w) * 4)]).toEqual([...original.subarray(y * w * 4, (y + 1) * w * 4)]);
      const edge = original[(y * w + w - 1) * 4];
      // 1 px out: most of the mismatch; past the feather: the model's value untouched.
      expect(out[(y * c.width + w) * 4]).toBe(Math.round(100 + (edge - 100) * (1 - 1 / (EXPAND_OVERLAP + 1))));
      expect(out[(y * c.width + w + EXPAND_OVERLAP + 1) * 4]).toBe(100);
    }
  });
});
