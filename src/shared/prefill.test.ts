import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NEUTRAL_PREFILL, blankHole, prefillHole } from './prefill';
import { contextRect, holeBounds } from './pixels';
import { mulberry32 } from './rng';
import { typedArrayBytesDuring } from '../../test/fixtures/typed-array-bytes';

/** Uniform floats in [0, 1) from a seed, so failures reproduce. */
const rng = (seed: number) => {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
};

function randomImage(w: number, h: number, r: () => number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < out.length; i++) out[i] = (i & 3) === 3 ? 255 : Math.floor(r() * 256);
  return out;
}

/** A random hole: a few rectangles, some touching an edge, sometimes almost everything. */
function randomHole(w: number, h: number, r: () => number): Uint8Array {
  const hole = new Uint8Array(w * h);
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const x0 = Math.floor(r() * w);
    const y0 = Math.floor(r() * h);
    const x1 = r() < 0.3 ? w : Math.min(w, x0 + 1 + Math.floor(r() * w));
    const y1 = r() < 0.3 ? h : Math.min(h, y0 + 1 + Math.floor(r() * h));
    for (let y = y0; y < y1; y++) hole.fill(1, y * w + x0, y * w + x1);
  }
  return hole;
}

/** A random size up to 40×40 and hole map, with its bounds; null when the map has no hole. */
function randomHoleCase(r: () => number): { w: number; h: number; hole: Uint8Array; bounds: NonNullable<ReturnType<typeof holeBounds>> } | null {
  const w = 1 + Math.floor(r() * 40);
  const h = 1 + Math.floor(r() * 40);
  const hole = randomHole(w, h, r);
  const bounds = holeBounds(hole, w, h);
  return bounds ? { w, h, hole, bounds } : null;
}

describe('prefillHole', () => {
  it('depends only on the known pixels: any hole content gives the same bytes (property, 200 cases)', { timeout: 60_000 }, () => {
    const r = rng(7);
    for (let run = 0; run < 200; run++) {
      const c = randomHoleCase(r);
      if (!c) continue;
      const { w, h, hole, bounds } = c;
      const a = randomImage(w, h, r);
      const b = new Uint8ClampedArray(a);
      for (let i = 0; i < hole.length; i++) if (hole[i]) b.set([255, 0, 255, 17], i * 4);
      const region = run % 2 ? contextRect(bounds, w, h) : undefined;
      const before = new Uint8ClampedArray(a);
      prefillHole(a, hole, w, h, region);
      prefillHole(b, hole, w, h, region);
      expect(a, `run ${run}: ${w}x${h}`).toEqual(b);
      let changedKnown = 0;
      for (let i = 0; i < hole.length; i++) {
        if (!hole[i]) for (let c = 0; c < 4; c++) changedKnown += a[i * 4 + c] !== before[i * 4 + c] ? 1 : 0;
      }
      expect(changedKnown, `run ${run}: known bytes changed`).toBe(0);
    }
  });

  it('fills a flat image with its colour exactly, at every hole size', () => {
    for (const [w, h] of [[1, 2], [8, 8], [33, 33], [300, 7]]) {
      const img = new Uint8ClampedArray(w * h * 4);
      for (let i = 0; i < w * h; i++) img.set([136, 170, 102, 255], i * 4);
      const hole = new Uint8Array(w * h).fill(1);
      hole[w * h - 1] = 0; // one known pixel
      prefillHole(img, hole, w, h);
      for (let i = 0; i < w * h; i++) expect(Array.from(img.subarray(i * 4, i * 4 + 4))).toEqual([136, 170, 102, 255]);
    }
  });

  it('stays within the range of the known values (a mean of them, never beyond)', () => {
    const r = rng(3);
    for (let run = 0; run < 50; run++) {
      const w = 2 + Math.floor(r() * 30);
      const h = 2 + Math.floor(r() * 30);
      const img = new Uint8ClampedArray(w * h * 4);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.set([x * 4, y * 5, 100, 255], (y * w + x) * 4);
      const hole = randomHole(w, h, r);
      let lo = 255;
      let hi = 0;
      for (let i = 0; i < hole.length; i++) if (!hole[i]) (lo = Math.min(lo, img[i * 4])), (hi = Math.max(hi, img[i * 4]));
      const known = prefillHole(img, hole, w, h);
      if (!known) continue;
      for (let i = 0; i < hole.length; i++) {
        if (hole[i]) {
          expect(img[i * 4]).toBeGreaterThanOrEqual(lo);
          expect(img[i * 4]).toBeLessThanOrEqual(hi);
        }
      }
    }
  });

  it('takes the nearest known values beside the hole (a 1-px hole becomes the mean of its 2×2 block)', () => {
    // 4×2: one hole pixel at (1,0); its 2×2 block holds (0,0)=10, (0,1)=20, (1,1)=30.
    const img = new Uint8ClampedArray(4 * 2 * 4);
    const v = [10, 99, 50, 50, 20, 30, 50, 50];
    v.forEach((x, i) => img.set([x, x, x, 255], i * 4));
    const hole = new Uint8Array(8);
    hole[1] = 1;
    expect(prefillHole(img, hole, 4, 2)).toBe(7);
    expect(Array.from(img.subarray(4, 8))).toEqual([20, 20, 20, 255]);
  });

  it('returns 0 and writes neutral grey when nothing is known', () => {
    const img = randomImage(5, 3, rng(1));
    const hole = new Uint8Array(15).fill(1);
    expect(prefillHole(img, hole, 5, 3)).toBe(0);
    for (let i = 0; i < 15; i++) expect(Array.from(img.subarray(i * 4, i * 4 + 4))).toEqual([...NEUTRAL_PREFILL]);
  });

  it('writes nothing outside the region', () => {
    const img = randomImage(10, 10, rng(2));
    const before = new Uint8ClampedArray(img);
    const hole = new Uint8Array(100).fill(1);
    prefillHole(img, hole, 10, 10, { x: 2, y: 2, width: 3, height: 3 });
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 10; x++) {
        const inside = x >= 2 && x < 5 && y >= 2 && y < 5;
        const p = (y * 10 + x) * 4;
        if (!inside) expect(img.subarray(p, p + 4)).toEqual(before.subarray(p, p + 4));
      }
    }
  });

  // The bytes of the prefill written plainly (commit afb7148, one loop per block and channel),
  // pinned: the unrolled passes and the one-word writes must give the same bytes, including
  // partly transparent pixels, odd sizes (1-wide blocks) and a region off the image's origin.
  it.each([
    [301, 203, 1, 37725, 'ec4088827238cdc27df15611b3e6f2a7ed4b65bc535412101e3a6fdbd28e9fcd'],
    [64, 64, 2, 2091, '6dd739960f6517deccc9baeb05caff457956877fb99a1d27bc7ee72c90940be9'],
    [257, 129, 3, 20405, '6fc77d5485fb1822df95b2d0dccaefa8633c57a8c9e6c3c6ef2be82fa3688973'],
  ])('gives the pinned bytes on a %ix%i image (seed %i), through any view of them', (w, h, seed, known, sha256) => {
    const next = mulberry32(seed);
    const img = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < img.length; i++) img[i] = (i & 3) === 3 ? (next() & 1 ? 255 : next() & 255) : next() & 255;
    const hole = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) hole[y * w + x] = (x - w / 2) ** 2 + (y - h / 3) ** 2 < (w * h) / 10 || x % 17 === 3 || (y > h - 9 && x < w / 2) ? 1 : 0;
    }
    const region = { x: 1, y: 2, width: w - 3, height: h - 2 };
    // The same pixels as a Uint8Array at an odd byte offset: no word view is possible there.
    const unaligned = new Uint8Array(new ArrayBuffer(img.length + 1), 1);
    unaligned.set(img);
    expect(prefillHole(img, hole, w, h, region)).toBe(known);
    expect(createHash('sha256').update(img).digest('hex')).toBe(sha256);
    expect(prefillHole(unaligned, hole, w, h, region)).toBe(known);
    expect(createHash('sha256').update(unaligned).digest('hex')).toBe(sha256);
  });

  it('allocates under 6 bytes per pixel of the region (level 1 in integers)', () => {
    // Level 1 is 10 bytes per 2×2 block (2.5 a pixel); the Float32 levels above it (20 bytes a
    // block) about 1.7 and the push's values about 1.3: about 5.3 a pixel. With level 1 in
    // Float32 (20 bytes a block, 5 a pixel) it was about 8.
    const w = 400;
    const h = 300;
    const img = randomImage(w, h, rng(5));
    const hole = randomHole(w, h, rng(6));
    hole[0] = 0;
    const bytes = typedArrayBytesDuring(() => prefillHole(img, hole, w, h));
    expect(bytes / (w * h)).toBeLessThan(6);
  });

  it('rejects mismatched buffers and a region outside the image', () => {
    expect(() => prefillHole(new Uint8ClampedArray(8), new Uint8Array(3), 2, 1)).toThrow(RangeError);
    expect(() => prefillHole(new Uint8ClampedArray(16), new Uint8Array(4), 2, 2, { x: 1, y: 0, width: 2, height: 2 })).toThrow(RangeError);
  });
});

describe('blankHole', () => {
  /** `img`'s bytes after prefillHole, and after blankHole, of the same region: each with its returned count. */
  function both(img: Uint8ClampedArray | Uint8Array, hole: Uint8Array, w: number, h: number, region?: { x: number; y: number; width: number; height: number }) {
    const prefilled = img.slice();
    const blanked = img.slice();
    return { prefilled, blanked, prefillKnown: prefillHole(prefilled, hole, w, h, region), blankKnown: blankHole(blanked, hole, w, h, region) };
  }

  it("gives an opaque image's hole neutral grey and keeps every other byte and the alpha the prefill's (property, 200 cases)", () => {
    const r = rng(11);
    for (let run = 0; run < 200; run++) {
      const c = randomHoleCase(r);
      if (!c) continue;
      const { w, h, hole, bounds } = c;
      const img = randomImage(w, h, r);
      // Whatever the hole held, alpha included, is gone.
      for (let i = 0; i < hole.length; i++) if (hole[i]) img.set([255, 0, 255, 17], i * 4);
      const region = run % 2 ? contextRect(bounds, w, h) : undefined;
      const { prefilled, blanked, prefillKnown, blankKnown } = both(img, hole, w, h, region);
      expect(blankKnown, `run ${run}`).toBe(prefillKnown);
      const { x: rx, y: ry, width: rw, height: rh } = region ?? { x: 0, y: 0, width: w, height: h };
      for (let p = 0; p < hole.length; p++) {
        const x = p % w;
        const y = (p / w) | 0;
        const written = hole[p] && x >= rx && x < rx + rw && y >= ry && y < ry + rh;
        const want = written ? [...NEUTRAL_PREFILL] : Array.from(img.subarray(p * 4, p * 4 + 4));
        expect(Array.from(blanked.subarray(p * 4, p * 4 + 4)), `run ${run} pixel ${p}`).toEqual(want);
        expect(blanked[p * 4 + 3], `run ${run} pixel ${p}: the prefill's alpha`).toBe(prefilled[p * 4 + 3]);
      }
    }
  });

  it("is the prefill's bytes where a known pixel is not opaque, wherever it is in the region", () => {
    const w = 37;
    const h = 23;
    const hole = new Uint8Array(w * h);
    for (let y = 5; y < 18; y++) hole.fill(1, y * w + 9, y * w + 30);
    for (const at of [0, 5 * w + 8, w * h - 1]) {
      const img = randomImage(w, h, rng(at));
      img[at * 4 + 3] = 254;
      const { prefilled, blanked, prefillKnown, blankKnown } = both(img, hole, w, h);
      expect(blankKnown).toBe(prefillKnown);
      expect(blanked).toEqual(prefilled);
    }
    // Outside the region, a transparent pixel changes nothing: the region's known pixels are opaque.
    const img = randomImage(w, h, rng(3));
    img[3] = 0;
    const { blanked } = both(img, hole, w, h, { x: 4, y: 2, width: 30, height: 20 });
    expect(Array.from(blanked.subarray((10 * w + 10) * 4, (10 * w + 10) * 4 + 4))).toEqual([...NEUTRAL_PREFILL]);
  });

  it("keeps the prefill's alpha of 255 on a 2295×3000 region with a 4.6 M-pixel hole (Float32 sums of millions of 255s)", () => {
    const w = 2295;
    const h = 3000;
    const img = new Uint8ClampedArray(w * h * 4).fill(255);
    const hole = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) hole[y * w + x] = (x - 1100) ** 2 / 1.2e6 + (y - 1500) ** 2 / 2.2e6 < 1 ? 1 : 0;
    const { prefilled, blanked, prefillKnown, blankKnown } = both(img, hole, w, h);
    expect(blankKnown).toBe(prefillKnown);
    let holes = 0;
    let alphaDiffers = 0;
    for (let p = 0; p < hole.length; p++) {
      holes += hole[p];
      if (blanked[p * 4 + 3] !== prefilled[p * 4 + 3]) alphaDiffers++;
    }
    expect(holes).toBeGreaterThan(4_000_000);
    expect(alphaDiffers).toBe(0);
  });

  it('writes the same bytes through an unaligned view, and returns 0 with neutral grey when nothing is known', () => {
    const w = 19;
    const h = 11;
    const img = randomImage(w, h, rng(4));
    const hole = randomHole(w, h, rng(5));
    const unaligned = new Uint8Array(new ArrayBuffer(img.length + 1), 1);
    unaligned.set(img);
    // The hole map at an odd offset too: no four-at-a-time path for it.
    const oddHole = new Uint8Array(hole.length + 1).subarray(1);
    oddHole.set(hole);
    const viaOddHole = new Uint8ClampedArray(img);
    expect(blankHole(unaligned, hole, w, h)).toBe(blankHole(img, hole, w, h));
    expect(Array.from(unaligned)).toEqual(Array.from(img));
    expect(blankHole(viaOddHole, oddHole, w, h)).toBe(blankHole(new Uint8ClampedArray(img), hole, w, h));
    expect(viaOddHole).toEqual(img);
    const all = randomImage(5, 3, rng(6));
    expect(blankHole(all, new Uint8Array(15).fill(1), 5, 3)).toBe(0);
    for (let i = 0; i < 15; i++) expect(Array.from(all.subarray(i * 4, i * 4 + 4))).toEqual([...NEUTRAL_PREFILL]);
    expect(() => blankHole(new Uint8ClampedArray(16), new Uint8Array(4), 2, 2, { x: 1, y: 0, width: 2, height: 2 })).toThrow(RangeError);
  });
});
