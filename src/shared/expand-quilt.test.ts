/** Quilting an expand's border (pure pixel maths): what it writes, what it keeps, and that it keeps mid-scale structure. */
import { describe, expect, it } from 'vitest';
import { EXPAND_QUILT, quiltBorder } from './expand-quilt';

/** 16 px wide vertical stripes (40 / 215), the right `band` columns a hole holding their mean grey (what a smooth fill gives far out). */
function stripes(w: number, h: number, band: number) {
  const rgba = new Uint8ClampedArray(w * h * 4);
  const hole = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      hole[i] = x >= w - band ? 1 : 0;
      const v = hole[i] ? 128 : Math.floor(x / 16) % 2 ? 215 : 40;
      rgba.set([v, v, v, 255], i * 4);
    }
  }
  return { rgba, hole };
}

describe('quiltBorder', () => {
  const w = 256;
  const h = 96;
  const band = 80;

  it('writes hole pixels only, and the same seed gives the same bytes', () => {
    const a = stripes(w, h, band);
    const before = a.rgba.slice();
    quiltBorder(a.rgba, a.hole, w, h, band, EXPAND_QUILT, 7);
    let changedKnown = 0;
    let changedHole = 0;
    for (let i = 0; i < w * h; i++) {
      const moved = [0, 1, 2, 3].some((c) => a.rgba[i * 4 + c] !== before[i * 4 + c]);
      if (moved && !a.hole[i]) changedKnown++;
      if (moved && a.hole[i]) changedHole++;
    }
    expect(changedKnown).toBe(0);
    expect(changedHole).toBeGreaterThan(0.9 * band * h);
    const b = stripes(w, h, band);
    quiltBorder(b.rgba, b.hole, w, h, band, EXPAND_QUILT, 7);
    expect(b.rgba).toEqual(a.rgba);
  });

  it('continues 16 px stripes into the border instead of leaving its flat grey', () => {
    const { rgba, hole } = stripes(w, h, band);
    quiltBorder(rgba, hole, w, h, band, EXPAND_QUILT, 3);
    // Column means 16 px and more past the seam: stripes swing them between 40 and 215, grey leaves 128.
    const cols: number[] = [];
    for (let x = w - band + 16; x < w; x++) {
      let s = 0;
      for (let y = 0; y < h; y++) s += rgba[(y * w + x) * 4];
      cols.push(s / h);
    }
    expect(Math.min(...cols)).toBeLessThan(80);
    expect(Math.max(...cols)).toBeGreaterThan(175);
  });

  it('does nothing when no source window fits in the known pixels', () => {
    const { rgba, hole } = stripes(12, 8, 10);
    const before = rgba.slice();
    quiltBorder(rgba, hole, 12, 8, 10, EXPAND_QUILT, 1);
    expect(rgba).toEqual(before);
  });
});
