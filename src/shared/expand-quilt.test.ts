/** Quilting an expand's border (pure pixel maths): what it writes, what it keeps, and that it keeps mid-scale structure. */
import { describe, expect, it } from 'vitest';
import { EXPAND_QUILT, knownRect, quiltBorder } from './expand-quilt';
import { pasteBlock, pasteScratch } from './expand-quilt-cut';
import { typedArrayBytesDuring } from '../../test/fixtures/typed-array-bytes';

type Rgb = readonly [number, number, number];

/** A `w`×`h` crop whose right `band` columns are the hole, holding `holeRgb`; known pixel (x, y) is `known(x, y)`. */
function bandCase(w: number, h: number, band: number, known: (x: number, y: number) => Rgb, holeRgb: Rgb) {
  const rgba = new Uint8ClampedArray(w * h * 4);
  const hole = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      hole[i] = x >= w - band ? 1 : 0;
      rgba.set([...(hole[i] ? holeRgb : known(x, y)), 255], i * 4);
    }
  }
  return { rgba, hole };
}

const grey = (v: number): Rgb => [v, v, v];

/**
 * Stripes (40 / 215) `period` px wide, vertical (across x) or horizontal (across y), the right `band`
 * columns a hole holding their mean grey (what a smooth fill gives far out).
 */
function stripes(w: number, h: number, band: number, across: 'x' | 'y' = 'x', period = 16) {
  return bandCase(w, h, band, (x, y) => grey(Math.floor((across === 'x' ? x : y) / period) % 2 ? 215 : 40), grey(128));
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

  it('copies from the source image beyond the crop: stripes there, a flat strip in the crop', () => {
    // The canvas: stripes on its left part, flat grey in the 48 known columns the crop holds,
    // and the crop's right `band` columns the hole. Only the canvas's stripes can give the border stripes.
    const W = 400;
    const cw = 48 + band;
    const x0 = W - cw;
    const canvas = new Uint8ClampedArray(W * h * 4);
    const canvasHole = new Uint8Array(W * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < W; x++) {
        const v = x >= W - band ? 128 : x >= x0 ? 128 : Math.floor(x / 16) % 2 ? 215 : 40;
        canvas.set([v, v, v, 255], (y * W + x) * 4);
        canvasHole[y * W + x] = x >= W - band ? 1 : 0;
      }
    }
    const crop = new Uint8ClampedArray(cw * h * 4);
    const hole = new Uint8Array(cw * h);
    for (let y = 0; y < h; y++) {
      crop.set(canvas.subarray((y * W + x0) * 4, (y * W + W) * 4), y * cw * 4);
      hole.set(canvasHole.subarray(y * W + x0, y * W + W), y * cw);
    }
    const inner = { x: -x0, y: 0, width: W - band, height: h };
    const flat = crop.slice();
    quiltBorder(flat, hole, cw, h, band, EXPAND_QUILT, 5, { inner });
    quiltBorder(crop, hole, cw, h, band, EXPAND_QUILT, 5, { inner, source: { rgba: canvas, width: W, known: knownRect(canvasHole, W, h, { x: 0, y: 0, width: W - band, height: h }), offset: { x: x0, y: 0 } } });
    const spread = (rgba: Uint8ClampedArray) => {
      let lo = 255;
      let hi = 0;
      for (let x = 48 + 16; x < cw; x++) {
        let s = 0;
        for (let y = 0; y < h; y++) s += rgba[(y * cw + x) * 4];
        lo = Math.min(lo, s / h);
        hi = Math.max(hi, s / h);
      }
      return hi - lo;
    };
    // From its own crop the border stays flat; from the canvas it gets the stripes' swing.
    expect(spread(flat)).toBeLessThan(2);
    // Measured 34.9 (53.2 before the outlier term: beside a flat seam strip the stripes are outliers, so flat sources win more blocks).
    expect(spread(crop)).toBeGreaterThan(20);
  });

  it('finds the known rectangle of a frame-shaped hole (the original less its overlap)', () => {
    // A 20 × 10 canvas: the original at (4, 2), 12 × 6, with 2 px of overlap on its expanded left and top.
    const W = 20;
    const H = 10;
    const hole = new Uint8Array(W * H).fill(1);
    for (let y = 4; y < 8; y++) for (let x = 6; x < 16; x++) hole[y * W + x] = 0;
    expect(knownRect(hole, W, H, { x: 4, y: 2, width: 12, height: 6 })).toEqual({ x: 6, y: 4, width: 10, height: 4 });
    expect(knownRect(hole, W, H, { x: 0, y: 0, width: W, height: H })).toEqual({ x: 6, y: 4, width: 10, height: 4 });
    const none = knownRect(new Uint8Array(16).fill(1), 4, 4, { x: 0, y: 0, width: 4, height: 4 });
    expect(none.width * none.height).toBe(0);
  });

  it('allocates at most 32 bytes of typed arrays per crop pixel, scratch included', () => {
    // Every typed array the quilt makes is counted (views on existing buffers are not): the
    // per-crop planes (28 B/px: the quilt's colour and maps 16, the finish's three planes 12) and the
    // per-window scratch, allocated once per call.
    const { rgba, hole } = stripes(512, 256, 128);
    const bytes = typedArrayBytesDuring(() => quiltBorder(rgba, hole, 512, 256, 128, EXPAND_QUILT, 2));
    expect(bytes / (512 * 256)).toBeGreaterThan(28);
    expect(bytes / (512 * 256)).toBeLessThan(32);
  });

  it("carries the seam's layout out when the structure is a flat smear: dark rows stay dark, light rows light", () => {
    // Known: 8 px checks, dark (20 / 70) in the top half, light (180 / 230) in the bottom half; the band
    // holds their mean grey everywhere (the structure far out). Row means 8 to 40 px past the seam:
    const [W, H, band] = [256, 128, 80];
    const make = () => bandCase(W, H, band, (x, y) => grey((y < H / 2 ? 20 : 180) + ((Math.floor(x / 8) + Math.floor(y / 8)) % 2 ? 50 : 0)), grey(125));
    const halves = (params: typeof EXPAND_QUILT) => {
      const { rgba, hole } = make();
      quiltBorder(rgba, hole, W, H, band, params, 4);
      const mean = (y0: number, y1: number) => {
        let s = 0;
        for (let y = y0; y < y1; y++) for (let x = W - band + 8; x < W - band + 40; x++) s += rgba[(y * W + x) * 4];
        return s / ((y1 - y0) * 32);
      };
      return [mean(8, H / 2 - 8), mean(H / 2 + 8, H - 8)];
    };
    const [dark, light] = halves(EXPAND_QUILT);
    expect(dark).toBeLessThan(80);
    expect(light).toBeGreaterThan(170);
    // With the structure as the only coarse target both halves drift to its grey.
    const [dark0, light0] = halves({ ...EXPAND_QUILT, layoutFromEdge: 0, layoutFar: 0 });
    expect(light0 - dark0).toBeLessThan(0.6 * (light - dark));
  });

  it('starts the border from the known pixel beside it: the first hole column continues 8 px horizontal stripes', () => {
    const [W, H, band] = [256, 96, 80];
    const { rgba, hole } = stripes(W, H, band, 'y', 8);
    quiltBorder(rgba, hole, W, H, band, EXPAND_QUILT, 9);
    // Rows in the middle of each stripe, one pixel into the hole: within 40 of the stripe, not the grey 128.
    for (let y = 4; y < H; y += 8) {
      const known = Math.floor(y / 8) % 2 ? 215 : 40;
      expect(Math.abs(rgba[(y * W + W - band) * 4] - known)).toBeLessThan(40);
    }
  });
  it('keeps salient pieces out: small red spots in green texture away from the seam are copied less with the outlier term', () => {
    // Known: green texture with 8 × 8 red spots every 48 px left of x = 140 (none in the seam strip);
    // the band a flat green. Red band pixels over ten seeds, by the outlier weight.
    const [W, H, band] = [256, 128, 80];
    const redPixels = (outlier: number) => {
      let n = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const { rgba, hole } = bandCase(
          W,
          H,
          band,
          (x, y) => {
            const g = 90 + ((x * 7 + y * 13) % 5) * 12 + (Math.floor(x / 6) % 2) * 30;
            return x < 140 && x % 48 < 8 && y % 48 < 8 ? [220, 30, 30] : [g - 40, g, g - 50];
          },
          [80, 110, 60],
        );
        quiltBorder(rgba, hole, W, H, band, { ...EXPAND_QUILT, outlier }, seed, { inner: { x: 0, y: 0, width: W - band, height: H } });
        for (let i = 0; i < W * H; i++) if (hole[i] && rgba[i * 4] > rgba[i * 4 + 1] + 60) n++;
      }
      return n;
    };
    // Measured: 101 red pixels without the term, 50 at the default (3), 2 at 20.
    const none = redPixels(0);
    expect(none).toBeGreaterThan(50);
    expect(redPixels(EXPAND_QUILT.outlier)).toBeLessThan(0.75 * none);
    expect(redPixels(20)).toBeLessThan(0.1 * none);
  });
});

describe('pasteBlock', () => {
  it("cuts inside its overlap, so the window's own edge keeps what was there (no straight seam)", () => {
    // Filled: 100 in the crop's columns < 32; the block: 200. The window (8, 8), 48 px, overlap 12:
    // its left strip (24 px) lies wholly on filled pixels that disagree with the block everywhere alike.
    const [w, h] = [64, 64];
    const cur = new Float32Array(w * h * 3);
    const filled = new Uint8Array(w * h);
    const hole = new Uint8Array(w * h).fill(1);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < 32; x++) {
        filled[y * w + x] = 1;
        cur.fill(100, (y * w + x) * 3, (y * w + x) * 3 + 3);
      }
    }
    const win = 48;
    const block = new Float32Array(win * win * 3).fill(200);
    pasteBlock(cur, filled, hole, w, h, block, { wx: 8, wy: 8, win, overlap: 12 }, pasteScratch(win, 12));
    const row = 32 * w;
    // The window's first column keeps the old value; the block is reached inside the strip.
    expect(cur[(row + 8) * 3]).toBe(100);
    expect(cur[(row + 8 + 23) * 3]).toBeGreaterThan(190);
    for (let x = 8; x < 8 + 23; x++) expect(cur[(row + x + 1) * 3]).toBeGreaterThanOrEqual(cur[(row + x) * 3]);
  });
});
