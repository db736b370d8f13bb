import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './rng';
import { typedArrayBytesDuring } from '../../test/fixtures/typed-array-bytes';
import {
  compositeHole,
  pasteRgba,
  contextRect,
  cropHole,
  cropRgba,
  holeBounds,
  holeMapFromRgba,
  holeToPlanarFloat,
  isGrey,
  padSize,
  planarFloatToRgba,
  resizeHole,
  resizeRgba,
  rgbaToPlanarFloat,
} from './pixels';

/** One RGBA pixel per [r, g, b, a] entry, laid out in a row. */
function row(...pixels: [number, number, number, number][]): Uint8ClampedArray {
  return new Uint8ClampedArray(pixels.flat());
}

/** Deterministic pseudo-random bytes for whole-array comparisons. */
function noiseBytes(n: number, seed = 1): Uint8ClampedArray {
  const out = new Uint8ClampedArray(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('holeMapFromRgba', () => {
  it('maps black to hole and white to keep', () => {
    const rgba = row([0, 0, 0, 255], [255, 255, 255, 255]);
    expect(Array.from(holeMapFromRgba(rgba, 2, 1))).toEqual([1, 0]);
  });

  it('thresholds grey at 50 %: 127 is a hole, 128 is kept', () => {
    const rgba = row([127, 127, 127, 255], [128, 128, 128, 255]);
    expect(Array.from(holeMapFromRgba(rgba, 2, 1))).toEqual([1, 0]);
  });

  it('uses Rec.601 luma: pure green (149.7) is kept, pure red (76.2) and blue (29.1) are holes', () => {
    const rgba = row([0, 255, 0, 255], [255, 0, 0, 255], [0, 0, 255, 255]);
    expect(Array.from(holeMapFromRgba(rgba, 3, 1))).toEqual([0, 1, 1]);
  });

  it('composites over white: transparent black is kept, alpha 128 black is a hole, alpha 127 is kept', () => {
    const rgba = row([0, 0, 0, 0], [0, 0, 0, 128], [0, 0, 0, 127], [255, 255, 255, 0]);
    expect(Array.from(holeMapFromRgba(rgba, 4, 1))).toEqual([0, 1, 0, 0]);
  });

  it('accepts Uint8Array and keeps row-major order', () => {
    const rgba = new Uint8Array([255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255]);
    expect(Array.from(holeMapFromRgba(rgba, 2, 2))).toEqual([0, 1, 1, 0]);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => holeMapFromRgba(new Uint8ClampedArray(12), 2, 2)).toThrow(RangeError);
  });
});

describe('holeBounds', () => {
  it('returns null when there is no hole', () => {
    expect(holeBounds(new Uint8Array(12), 4, 3)).toBeNull();
  });

  it('returns the tight box around scattered hole pixels', () => {
    const w = 6, h = 5;
    const hole = new Uint8Array(w * h);
    hole[1 * w + 4] = 1;
    hole[3 * w + 1] = 1;
    hole[2 * w + 2] = 1;
    expect(holeBounds(hole, w, h)).toEqual({ x: 1, y: 1, width: 4, height: 3 });
  });

  it('handles a single pixel in the corner', () => {
    const hole = new Uint8Array(9);
    hole[8] = 1;
    expect(holeBounds(hole, 3, 3)).toEqual({ x: 2, y: 2, width: 1, height: 1 });
  });
});

describe('contextRect', () => {
  it('grows by max(32, round(0.25 · longer side)) by default', () => {
    // 200×40 hole: margin = max(32, 50) = 50.
    expect(contextRect({ x: 300, y: 300, width: 200, height: 40 }, 1000, 1000)).toEqual({ x: 250, y: 250, width: 300, height: 140 });
    // 10×10 hole: margin = 32.
    expect(contextRect({ x: 100, y: 100, width: 10, height: 10 }, 1000, 1000)).toEqual({ x: 68, y: 68, width: 74, height: 74 });
  });

  it('clamps at every edge of the image', () => {
    expect(contextRect({ x: 5, y: 2, width: 10, height: 10 }, 40, 30)).toEqual({ x: 0, y: 0, width: 40, height: 30 });
    expect(contextRect({ x: 0, y: 25, width: 4, height: 5 }, 100, 30, { margin: 3 })).toEqual({ x: 0, y: 22, width: 7, height: 8 });
  });

  it('honours margin and minMargin options', () => {
    const b = { x: 50, y: 50, width: 20, height: 20 };
    expect(contextRect(b, 200, 200, { margin: 0 })).toEqual(b);
    expect(contextRect(b, 200, 200, { minMargin: 8 })).toEqual({ x: 42, y: 42, width: 36, height: 36 });
  });
});

describe('crop', () => {
  it('cropRgba copies exactly the rect bytes', () => {
    const w = 5, h = 4;
    const rgba = noiseBytes(w * h * 4);
    const rect = { x: 1, y: 2, width: 3, height: 2 };
    const crop = cropRgba(rgba, w, rect);
    expect(crop).toBeInstanceOf(Uint8ClampedArray);
    const expected: number[] = [];
    for (let y = 2; y < 4; y++) for (let x = 1; x < 4; x++) for (let c = 0; c < 4; c++) expected.push(rgba[(y * w + x) * 4 + c]);
    expect(Array.from(crop)).toEqual(expected);
  });

  it('cropHole copies the rect of the hole map', () => {
    const hole = new Uint8Array([0, 1, 0, 0, 1, 1, 0, 0, 1]);
    expect(Array.from(cropHole(hole, 3, { x: 1, y: 0, width: 2, height: 2 }))).toEqual([1, 0, 1, 1]);
  });

  it('pasteRgba writes a crop back into its rect only, undoing an in-place composite', () => {
    const w = 6, h = 5;
    const rgba = noiseBytes(w * h * 4);
    const original = new Uint8ClampedArray(rgba);
    const rect = { x: 2, y: 1, width: 3, height: 3 };
    const saved = cropRgba(rgba, w, rect);
    const hole = new Uint8Array(w * h);
    hole[2 * w + 3] = 1;
    compositeHole(rgba, w, new Uint8ClampedArray(rect.width * rect.height * 4).fill(7), rect, hole);
    expect(Array.from(rgba.subarray((2 * w + 3) * 4, (2 * w + 3) * 4 + 3))).toEqual([7, 7, 7]);
    pasteRgba(rgba, w, saved, rect);
    expect(Array.from(rgba)).toEqual(Array.from(original));
    expect(() => pasteRgba(rgba, w, saved, { x: 4, y: 0, width: 3, height: 3 })).toThrow(RangeError);
  });

  it('rejects a rect outside the image', () => {
    expect(() => cropRgba(new Uint8ClampedArray(16), 2, { x: 1, y: 0, width: 2, height: 1 })).toThrow(RangeError);
  });
});

describe('planar conversion', () => {
  it('lays RGBA out as [3,H,W] planes in 0..1, dropping alpha', () => {
    const rgba = row([255, 0, 51, 9], [0, 102, 255, 200]);
    const t = rgbaToPlanarFloat(rgba, 2, 1);
    expect(t.length).toBe(6);
    expect(Array.from(t)).toEqual([1, 0, 0, 0.4, 0.2, 1].map(Math.fround));
  });

  it('round-trips HWC → CHW → HWC exactly for every byte value', () => {
    const w = 16, h = 16; // 256 pixels: R takes every byte value
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([i, 255 - i, (i * 7) & 255, 255], i * 4);
    const back = planarFloatToRgba(rgbaToPlanarFloat(rgba, w, h), w, h);
    expect(back).toEqual(rgba);
  });

  it('round-trips with a −1..1 scale/offset', () => {
    const rgba = noiseBytes(7 * 3 * 4).map((v, i) => (i % 4 === 3 ? 255 : v));
    const t = rgbaToPlanarFloat(rgba, 7, 3, { scale: 2 / 255, offset: -1 });
    expect(Math.min(...t)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...t)).toBeLessThanOrEqual(1);
    expect(planarFloatToRgba(t, 7, 3, { scale: 2 / 255, offset: -1 })).toEqual(rgba);
  });

  it('pads by replicating the last column and row', () => {
    // 2×2: [10 20; 30 40] in R → padded to 3×3.
    const rgba = row([10, 1, 0, 255], [20, 2, 0, 255], [30, 3, 0, 255], [40, 4, 0, 255]);
    const t = rgbaToPlanarFloat(rgba, 2, 2, { padTo: { width: 3, height: 3 }, scale: 1 });
    expect(Array.from(t.subarray(0, 9))).toEqual([10, 20, 20, 30, 40, 40, 30, 40, 40]);
    expect(Array.from(t.subarray(9, 18))).toEqual([1, 2, 2, 3, 4, 4, 3, 4, 4]);
    const back = planarFloatToRgba(t, 3, 3, { crop: { width: 2, height: 2 }, scale: 1 });
    expect(back).toEqual(rgba);
  });

  it('holeToPlanarFloat pads by replicating the edge: padding beside a hole is hole', () => {
    const t = holeToPlanarFloat(new Uint8Array([1, 0, 1, 1]), 2, 2, { width: 3, height: 3 });
    expect(Array.from(t)).toEqual([1, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('planarFloatToRgba rounds, clamps and sets alpha 255', () => {
    // Planes R = [−0.5, 2], G = [0.4, 100.4]/255, B = [100.6/255, NaN].
    const t = new Float32Array([-0.5, 2, 0.4 / 255, 100.4 / 255, 100.6 / 255, Number.NaN]);
    expect(Array.from(planarFloatToRgba(t, 2, 1))).toEqual([0, 0, 101, 255, 255, 100, 0, 255]);
  });

  it('rejects padTo smaller than the image', () => {
    expect(() => rgbaToPlanarFloat(new Uint8ClampedArray(16), 2, 2, { padTo: { width: 1, height: 2 } })).toThrow(RangeError);
  });
});

describe('resize', () => {
  it('area halves by averaging 2×2 blocks', () => {
    // 4×2 → 2×1; R channel blocks [0 10; 20 30] and [100 100; 200 201].
    const rgba = row(
      [0, 0, 0, 255], [10, 0, 0, 255], [100, 0, 0, 255], [100, 0, 0, 255],
      [20, 0, 0, 255], [30, 0, 0, 255], [200, 0, 0, 255], [201, 0, 0, 255],
    );
    const out = resizeRgba(rgba, 4, 2, 2, 1, 'area');
    // 60/4 = 15; 601/4 = 150.25 → 150.
    expect(Array.from(out)).toEqual([15, 0, 0, 255, 150, 0, 0, 255]);
  });

  it('area handles non-integer ratios with coverage weights (3 → 2)', () => {
    // Output 0 covers source [0, 1.5): (a + b/2)/1.5.
    const out = resizeRgba(row([0, 0, 0, 0], [90, 0, 0, 0], [30, 0, 0, 0]), 3, 1, 2, 1, 'area');
    expect(out[0]).toBe(30); // (0 + 45)/1.5
    expect(out[4]).toBe(50); // (45 + 30)/1.5
  });

  it('bilinear uses half-pixel centres and clamps at edges', () => {
    // 2 → 4: src positions −0.25, 0.25, 0.75, 1.25 → clamp, 0.75a+0.25b, 0.25a+0.75b, clamp.
    const out = resizeRgba(row([0, 0, 0, 255], [200, 0, 0, 255]), 2, 1, 4, 1, 'bilinear');
    expect([out[0], out[4], out[8], out[12]]).toEqual([0, 50, 150, 200]);
  });

  it('preserves a constant image under both methods', () => {
    const rgba = new Uint8ClampedArray(37 * 23 * 4).fill(173);
    for (const method of ['area', 'bilinear'] as const) {
      const out = resizeRgba(rgba, 37, 23, 11, 31, method);
      expect(out.every((v) => v === 173)).toBe(true);
    }
  });

  it('a window of the output equals that rect of the whole output, byte for byte', () => {
    const rgba = noiseBytes(37 * 23 * 4);
    const win = { x: 5, y: 9, width: 31, height: 17 };
    for (const [method, nw, nh] of [['bilinear', 120, 71], ['area', 11, 40], ['bilinear', 37, 23]] as const) {
      const whole = resizeRgba(rgba, 37, 23, nw, nh, method);
      const w = { ...win, width: Math.min(win.width, nw - win.x), height: Math.min(win.height, nh - win.y) };
      const part = resizeRgba(rgba, 37, 23, nw, nh, method, w);
      expect(part.length).toBe(w.width * w.height * 4);
      expect(Array.from(part)).toEqual(Array.from(cropRgba(whole, nw, w)));
    }
    expect(() => resizeRgba(rgba, 37, 23, 20, 20, 'bilinear', { x: 10, y: 0, width: 11, height: 1 })).toThrow(RangeError);
  });

  // The bytes of afb7148's resize (every row of the horizontal pass held at once), pinned: the
  // ring of rows must not change one. Shrinks, a window of a stretch, a widening, a windowed shrink.
  it('gives the pinned bytes whichever rows of the horizontal pass it keeps', () => {
    const next = mulberry32(7);
    const src = new Uint8ClampedArray(301 * 203 * 4);
    for (let i = 0; i < src.length; i++) src[i] = next() & 255;
    const cases = [
      [57, 40, 'area', undefined, '6c0ea23e9520bece90c7ef7330bcedf3d602367b7f1b72a7cd095c24724f478e'],
      [120, 203, 'area', undefined, '13e6b703e9cccef60a599c23d01c94f93561b642b352397e8d0f54bb25cd3b7a'],
      [90, 500, 'bilinear', { x: 7, y: 33, width: 70, height: 400 }, '42b2dd9c455ac40a8507107d8123594d682aa2e18a4e95b94da28bdf8f5f3563'],
      [1000, 77, 'bilinear', undefined, '83b7ca47fe4dd2563bbf1d37b5afbab7854df875644dccd0edc13c02cf792eef'],
      [44, 31, 'area', { x: 3, y: 2, width: 40, height: 28 }, '838a159e2917def27d3558cc4422d80a383f554ea18e48c2394eb07c93200fdd'],
    ] as const;
    for (const [nw, nh, method, win, sha256] of cases) {
      expect(createHash('sha256').update(resizeRgba(src, 301, 203, nw, nh, method, win)).digest('hex')).toBe(sha256);
    }
  });

  it('holds only the source rows one output row reads, not the whole horizontal pass', () => {
    // 2295×3000 → 392×512 is the 12 MP blob's shrink; here a tenth of it each way. The whole
    // pass was 39 × 4 floats × 300 rows (187 KB); an output row reads at most 7 rows.
    const src = noiseBytes(230 * 300 * 4);
    const bytes = typedArrayBytesDuring(() => resizeRgba(src, 230, 300, 39, 51, 'area'));
    const wholePass = 39 * 4 * 4 * 300;
    // The output, the taps (about 9 KB here) and a ring of at most 7 rows.
    expect(bytes - 39 * 51 * 4).toBeLessThan(wholePass / 6);
  });

  it('resizeHole keeps every hole pixel when shrinking (any-hole)', () => {
    const w = 64, h = 64;
    const hole = new Uint8Array(w * h);
    hole[17 * w + 33] = 1; // a single-pixel hole
    const small = resizeHole(hole, w, h, 8, 8);
    expect(Array.from(small).reduce((a, b) => a + b, 0)).toBe(1);
    expect(small[2 * 8 + 4]).toBe(1); // 17 >> 3 = 2, 33 >> 3 = 4
  });

  it('resizeHole marks every output pixel that overlaps a hole (3 → 2)', () => {
    // Source pixel 1 straddles both outputs.
    expect(Array.from(resizeHole(new Uint8Array([0, 1, 0]), 3, 1, 2, 1))).toEqual([1, 1]);
    expect(Array.from(resizeHole(new Uint8Array([1, 0, 0]), 3, 1, 2, 1))).toEqual([1, 0]);
    expect(Array.from(resizeHole(new Uint8Array([0, 0, 1]), 3, 1, 2, 1))).toEqual([0, 1]);
  });

  it('area with `skip` (the shrunk hole map): the same bytes where wanted, 0 where skipped, and no hole pixel read', () => {
    // Odd sizes and ratios (taps that straddle pixels), a window, blobs and thin lines.
    for (const [w, h, nw, nh, seed] of [
      [97, 61, 23, 17, 1],
      [300, 200, 64, 43, 2],
      [211, 307, 50, 72, 3],
    ]) {
      const src = noiseBytes(w * h * 4, seed);
      const hole = new Uint8Array(w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) hole[y * w + x] = (x - w / 2) ** 2 + (y - h / 3) ** 2 < (w * h) / 12 || x % 29 === 5 ? 1 : 0;
      }
      const skip = resizeHole(hole, w, h, nw, nh);
      // The hole's pixels poisoned another way: a read of any of them would show.
      const poisoned = new Uint8ClampedArray(src);
      for (let i = 0; i < hole.length; i++) if (hole[i]) poisoned.fill(255 - seed, i * 4, i * 4 + 4);
      for (const win of [undefined, { x: 3, y: 2, width: nw - 5, height: nh - 4 }]) {
        const { x, y, width, height } = win ?? { x: 0, y: 0, width: nw, height: nh };
        const plain = resizeRgba(src, w, h, nw, nh, 'area', win);
        const skipped = resizeRgba(src, w, h, nw, nh, 'area', win, skip);
        expect(resizeRgba(poisoned, w, h, nw, nh, 'area', win, skip)).toEqual(skipped);
        let wanted = 0;
        for (let oy = 0; oy < height; oy++) {
          for (let ox = 0; ox < width; ox++) {
            const q = (oy * width + ox) * 4;
            const isSkipped = skip[(y + oy) * nw + x + ox] === 1;
            wanted += isSkipped ? 0 : 1;
            expect(Array.from(skipped.subarray(q, q + 4)), `${w}x${h} → ${nw}x${nh} at ${ox},${oy}`).toEqual(isSkipped ? [0, 0, 0, 0] : Array.from(plain.subarray(q, q + 4)));
          }
        }
        expect(wanted).toBeGreaterThan(0.2 * width * height);
        expect(wanted).toBeLessThan(0.9 * width * height);
      }
    }
    expect(() => resizeRgba(new Uint8ClampedArray(16), 2, 2, 1, 1, 'area', undefined, new Uint8Array(2))).toThrow(RangeError);
  });

  it('shrunk then grown hole still covers the original hole', () => {
    const w = 50, h = 30;
    const hole = new Uint8Array(w * h);
    for (let i = 0; i < hole.length; i += 97) hole[i] = 1;
    const back = resizeHole(resizeHole(hole, w, h, 13, 7), 13, 7, w, h);
    for (let i = 0; i < hole.length; i++) if (hole[i]) expect(back[i]).toBe(1);
  });
});

describe('compositeHole', () => {
  it('writes fill RGB only where hole = 1; every other byte is bit-identical', () => {
    const w = 9, h = 7;
    const input = noiseBytes(w * h * 4, 3);
    const target = new Uint8ClampedArray(input);
    const hole = new Uint8Array(w * h);
    const rect = { x: 2, y: 1, width: 5, height: 4 };
    hole[2 * w + 3] = 1;
    hole[4 * w + 6] = 1;
    hole[0 * w + 0] = 1; // outside the rect: must stay untouched (no fill there)
    const fill = noiseBytes(rect.width * rect.height * 4, 9);
    compositeHole(target, w, fill, rect, hole);

    const expected = new Uint8ClampedArray(input);
    for (const [x, y] of [[3, 2], [6, 4]]) {
      const t = (y * w + x) * 4;
      const f = ((y - rect.y) * rect.width + (x - rect.x)) * 4;
      expected[t] = fill[f];
      expected[t + 1] = fill[f + 1];
      expected[t + 2] = fill[f + 2];
    }
    expect(target).toEqual(expected);
    // Alpha of the hole pixels comes from the input, not the fill.
    expect(target[(2 * w + 3) * 4 + 3]).toBe(input[(2 * w + 3) * 4 + 3]);
    // And the hole pixels did change (the fill differs from the input there).
    expect(target[(2 * w + 3) * 4]).not.toBe(input[(2 * w + 3) * 4]);
  });

  it('writes the same bytes whether it can see the pixels as words or not', () => {
    // A word per pixel where both buffers are 4-byte aligned; byte by byte through an odd offset.
    const w = 61, h = 43;
    const input = noiseBytes(w * h * 4, 11);
    const hole = noiseBytes(w * h, 12).map((v) => (v < 90 ? 1 : v < 100 ? 2 : 0)) as unknown as Uint8Array;
    const rect = { x: 3, y: 5, width: 50, height: 31 };
    const fill = noiseBytes(rect.width * rect.height * 4, 13);
    const words = new Uint8ClampedArray(input);
    compositeHole(words, w, fill, rect, new Uint8Array(hole));
    const oddFill = new Uint8Array(new ArrayBuffer(fill.length + 1), 1);
    oddFill.set(fill);
    const bytes = new Uint8ClampedArray(input);
    compositeHole(bytes, w, oddFill, rect, new Uint8Array(hole));
    expect(words).toEqual(bytes);
    // Only hole = 1 counts (not 2), only inside the rect, alpha never.
    let changed = 0;
    for (let i = 0; i < w * h; i++) {
      const x = i % w, y = Math.floor(i / w);
      const inside = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
      if (!(inside && hole[i] === 1)) expect(words.subarray(i * 4, i * 4 + 4)).toEqual(input.subarray(i * 4, i * 4 + 4));
      else changed += words[i * 4] !== input[i * 4] ? 1 : 0;
      expect(words[i * 4 + 3]).toBe(input[i * 4 + 3]);
    }
    expect(changed).toBeGreaterThan(100);
  });

  it('leaves a full image untouched when the hole map is empty', () => {
    const input = noiseBytes(4 * 4 * 4, 5);
    const target = new Uint8ClampedArray(input);
    compositeHole(target, 4, new Uint8ClampedArray(64).fill(7), { x: 0, y: 0, width: 4, height: 4 }, new Uint8Array(16));
    expect(target).toEqual(input);
  });

  it('rejects a fill of the wrong size', () => {
    expect(() => compositeHole(new Uint8ClampedArray(64), 4, new Uint8ClampedArray(8), { x: 0, y: 0, width: 2, height: 2 }, new Uint8Array(16))).toThrow(RangeError);
  });
});

describe('isGrey and padSize', () => {
  it('isGrey checks R = G = B for every pixel, ignoring alpha', () => {
    expect(isGrey(row([5, 5, 5, 0], [200, 200, 200, 255]))).toBe(true);
    expect(isGrey(row([5, 5, 5, 0], [200, 201, 200, 255]))).toBe(false);
    expect(isGrey(row([5, 5, 6, 255]))).toBe(false);
  });

  it('padSize rounds up to the multiple', () => {
    expect([padSize(512, 8), padSize(513, 8), padSize(1, 64), padSize(0, 8)]).toEqual([512, 520, 64, 0]);
    expect(() => padSize(10, 0)).toThrow(RangeError);
  });
});
