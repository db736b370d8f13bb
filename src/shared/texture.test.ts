import { describe, expect, it } from 'vitest';
import { mulberry32 } from './rng';
import { BUILTIN_TEXTURE_PARAMS, smoothRim, synthesizeTexture } from './texture';

const SPEEDS = ['TURBO', 'DEFAULT', 'QUALITY'] as const;

/** A textured photo stand-in: smooth shading plus seeded fine detail (± 40). */
function texturedImage(w: number, h: number, seed = 7): Uint8ClampedArray {
  const next = mulberry32(seed);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const base = 80 + (60 * x) / w + (40 * y) / h;
      const stripe = ((x + 2 * y) >> 1) & 1 ? 25 : -25;
      const grain = (next() % 31) - 15;
      const p = (y * w + x) * 4;
      rgba[p] = base + stripe + grain;
      rgba[p + 1] = base * 0.8 + stripe + grain;
      rgba[p + 2] = base * 0.6 - stripe + grain;
      rgba[p + 3] = 255;
    }
  }
  return rgba;
}

function rectHole(w: number, h: number, x0: number, y0: number, rw: number, rh: number): Uint8Array {
  const hole = new Uint8Array(w * h);
  for (let y = y0; y < Math.min(h, y0 + rh); y++) for (let x = x0; x < Math.min(w, x0 + rw); x++) hole[y * w + x] = 1;
  return hole;
}

/** The hole as a smooth (structure-like) fill: the mean of the known pixels. */
function withFlatHole(rgba: Uint8ClampedArray, hole: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rgba);
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < hole.length; i++) if (!hole[i]) (sum[0] += rgba[i * 4]), (sum[1] += rgba[i * 4 + 1]), (sum[2] += rgba[i * 4 + 2]), n++;
  for (let i = 0; i < hole.length; i++) if (hole[i]) for (let c = 0; c < 3; c++) out[i * 4 + c] = n ? sum[c] / n : 128;
  return out;
}

/** Mean absolute horizontal + vertical difference of the red channel between hole pixels. */
function holeDetail(rgba: Uint8ClampedArray, hole: Uint8Array, w: number, h: number): number {
  let s = 0;
  let n = 0;
  for (let y = 0; y < h - 1; y++) {
    for (let x = 0; x < w - 1; x++) {
      const i = y * w + x;
      if (!hole[i] || !hole[i + 1] || !hole[i + w]) continue;
      s += Math.abs(rgba[i * 4] - rgba[(i + 1) * 4]) + Math.abs(rgba[i * 4] - rgba[(i + w) * 4]);
      n++;
    }
  }
  return s / n;
}

function changedOutside(a: Uint8ClampedArray, b: Uint8ClampedArray, hole: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < hole.length; i++) if (!hole[i]) for (let c = 0; c < 4; c++) n += a[i * 4 + c] !== b[i * 4 + c] ? 1 : 0;
  return n;
}

describe('synthesizeTexture', () => {
  const W = 96;
  const H = 80;
  const photo = texturedImage(W, H);
  const hole = rectHole(W, H, 30, 25, 30, 24);
  const structure = withFlatHole(photo, hole);

  it.each(SPEEDS)('copies real detail into a flat hole at %s (not left smooth)', (speed) => {
    const out = new Uint8ClampedArray(structure);
    synthesizeTexture(out, hole, W, H, BUILTIN_TEXTURE_PARAMS[speed], 1);
    expect(holeDetail(structure, hole, W, H)).toBe(0);
    // The photo's own detail in that region, for scale: the fill carries at least half of it.
    expect(holeDetail(out, hole, W, H)).toBeGreaterThan(0.5 * holeDetail(photo, hole, W, H));
    expect(changedOutside(structure, out, hole)).toBe(0);
  });

  it('is deterministic per seed, and the seed matters', () => {
    const run = (seed: number) => {
      const out = new Uint8ClampedArray(structure);
      synthesizeTexture(out, hole, W, H, BUILTIN_TEXTURE_PARAMS.DEFAULT, seed);
      return out;
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('depends only on the known pixels and the hole’s structure fill, not on what the hole held before', () => {
    // The caller passes the structure fill; the known pixels are the same in both.
    const a = new Uint8ClampedArray(structure);
    const b = new Uint8ClampedArray(structure);
    synthesizeTexture(a, hole, W, H, BUILTIN_TEXTURE_PARAMS.TURBO, 5);
    synthesizeTexture(b, hole, W, H, BUILTIN_TEXTURE_PARAMS.TURBO, 5);
    expect(a).toEqual(b);
  });

  // Property: holes at every edge and corner, 1-px holes and tiny images never
  // write outside the hole, never throw, and leave no NaN (every byte an integer 0..255).
  const cases: [string, number, number, number, number, number, number][] = [];
  for (const [w, h] of [[1, 1], [2, 1], [1, 5], [3, 3], [8, 8], [33, 17], [64, 48]]) {
    for (const [fx, fy] of [[0, 0], [1, 0], [0, 1], [1, 1], [0.5, 0.5], [0.5, 0], [0, 0.5], [1, 0.5], [0.5, 1]]) {
      for (const size of [1, 2, 5]) {
        const rw = Math.min(w, size);
        const rh = Math.min(h, size);
        cases.push([`${w}×${h} hole ${rw}×${rh} at (${fx},${fy})`, w, h, Math.round(fx * (w - rw)), Math.round(fy * (h - rh)), rw, rh]);
      }
    }
  }
  it.each(cases)('%s: only hole pixels change', (_, w, h, x, y, rw, rh) => {
    const img = texturedImage(w, h, w * 31 + h);
    const hl = rectHole(w, h, x, y, rw, rh);
    const st = withFlatHole(img, hl);
    for (const speed of SPEEDS) {
      const out = new Uint8ClampedArray(st);
      const p = BUILTIN_TEXTURE_PARAMS[speed];
      smoothRim(out, hl, w, h, p.rimDepth, p.rimSweeps);
      synthesizeTexture(out, hl, w, h, p, 3);
      expect(changedOutside(st, out, hl)).toBe(0);
      for (const v of out) expect(Number.isInteger(v)).toBe(true);
    }
  });
});

describe('smoothRim', () => {
  it('reproduces a linear ramp exactly (the biharmonic fill of linear data is linear)', () => {
    const w = 40;
    const h = 30;
    const ramp = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) ramp.set([2 * x + 20, 3 * y + 10, x + y + 50, 255], (y * w + x) * 4);
    const hole = rectHole(w, h, 15, 10, 3, 12); // a 3-px scratch, wholly in the rim
    const out = withFlatHole(ramp, hole);
    smoothRim(out, hole, w, h, 8, 200);
    for (let i = 0; i < hole.length; i++) {
      if (!hole[i]) continue;
      for (let c = 0; c < 3; c++) expect(Math.abs(out[i * 4 + c] - ramp[i * 4 + c])).toBeLessThanOrEqual(1);
    }
    expect(changedOutside(withFlatHole(ramp, hole), out, hole)).toBe(0);
  });

  it('leaves hole pixels deeper than the rim as they were', () => {
    const w = 60;
    const h = 60;
    const img = texturedImage(w, h);
    const hole = rectHole(w, h, 10, 10, 40, 40);
    const st = withFlatHole(img, hole);
    const out = new Uint8ClampedArray(st);
    smoothRim(out, hole, w, h, 4, 10);
    expect(out[(30 * w + 30) * 4]).toBe(st[(30 * w + 30) * 4]);
    expect(out[(10 * w + 10) * 4]).not.toBe(st[(10 * w + 10) * 4]);
  });
});
