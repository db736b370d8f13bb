// resizeRgba and resizeHole against the implementation they replaced (main at 843b6b1, kept
// below as the reference): the same bytes for random sizes, scales, windows, skip maps and
// contents, including contents that make exact ties (x.5 before the byte's rounding), the
// byte-read path (an unaligned view), and the sizes where the area resize falls back to its
// float taps (areaSums' bound) or to one sum per channel (more than 130 taps).
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './rng';
import { resizeHole, resizeRgba, type ResizeMethod } from './pixels-resize';
import type { Rect } from './rect';

describe('resizeRgba: the same bytes as the reference', () => {
  it('over 600 random sizes, scales, windows, skip maps and contents', () => {
    const next = mulberry32(20261207);
    const pick = (n: number) => next() % n;
    let areaCases = 0;
    let skipped = 0;
    for (let c = 0; c < 600; c++) {
      const w = 1 + pick(90);
      const h = 1 + pick(90);
      // Shrinks (down to 1), stretches and unchanged sides, each way.
      const side = (n: number) => [1 + pick(n), 1 + pick(Math.max(1, n >> 2)), n, n + 1 + pick(3 * n), Math.max(1, n >> 1)][pick(5)];
      const nw = side(w);
      const nh = side(h);
      const method: ResizeMethod = pick(4) === 0 ? 'bilinear' : 'area';
      const src = content(w, h, pick(4), next);
      const win: Rect | undefined = pick(2) ? undefined : randomRect(nw, nh, pick);
      const skip = pick(2) ? randomSkip(nw, nh, next) : undefined;
      const got = resizeRgba(src, w, h, nw, nh, method, win, skip);
      expect(Buffer.from(got).equals(Buffer.from(referenceResizeRgba(src, w, h, nw, nh, method, win, skip))), `${w}x${h} → ${nw}x${nh} ${method} case ${c}`).toBe(true);
      if (method === 'area' && (nw !== w || nh !== h)) areaCases++;
      if (skip) skipped++;
    }
    // The draw covers what it is for.
    expect(areaCases).toBeGreaterThan(300);
    expect(skipped).toBeGreaterThan(200);
  });

  it('reads bytes one at a time from an unaligned view, with the same bytes', () => {
    const next = mulberry32(5);
    for (const [w, h, nw, nh] of [[97, 61, 23, 17], [64, 64, 3, 5], [33, 7, 70, 9]]) {
      const backing = new Uint8Array(w * h * 4 + 1);
      const src = backing.subarray(1);
      src.set(content(w, h, 0, next));
      expect(src.byteOffset % 4).toBe(1);
      const skip = randomSkip(nw, nh, next);
      expect(Buffer.from(resizeRgba(src, w, h, nw, nh, 'area', undefined, skip)).equals(Buffer.from(referenceResizeRgba(src, w, h, nw, nh, 'area', undefined, skip)))).toBe(true);
    }
  });

  it('at the edges of the integer sums: 130/131 taps a column, n = 2^17, and (taps + 3)·n ≥ 2^28', () => {
    const next = mulberry32(9);
    for (const [w, h, nw, nh] of [
      [128 * 3, 2, 3, 1], // 128 whole pixels a column: two channels a word
      [129 * 3, 3, 3, 2], // 129 or 130 taps: the last with words
      [131 * 4, 2, 4, 1], // over: one sum per channel
      [2 ** 17 - 1, 1, 3, 1], // the largest n of the integer sums
      [2 ** 17, 1, 5, 1], // the float taps
      [20000, 1, 1, 1], // (20000 + 3)·20000 ≥ 2^28: the float taps
      [16000, 1, 1, 1], // (16000 + 3)·16000 < 2^28: the integer sums
      [4096, 2, 3, 1], // n a power of 2
    ]) {
      for (let kind = 0; kind < 4; kind++) {
        const src = content(w, h, kind, next);
        expect(Buffer.from(resizeRgba(src, w, h, nw, nh, 'area')).equals(Buffer.from(referenceResizeRgba(src, w, h, nw, nh, 'area'))), `${w}x${h} → ${nw}x${nh} kind ${kind}`).toBe(true);
        // And across: the long side vertical.
        const t = transpose(src, w, h);
        expect(Buffer.from(resizeRgba(t, h, w, nh, nw, 'area')).equals(Buffer.from(referenceResizeRgba(t, h, w, nh, nw, 'area'))), `${h}x${w} → ${nh}x${nw} kind ${kind}`).toBe(true);
      }
    }
  });

  it('on a tenth of the 12 MP blob crop (229×300 → 20×26 and → 39×51), a blob hole as skip', () => {
    const w = 229;
    const h = 300;
    const next = mulberry32(3);
    const src = content(w, h, 0, next);
    const hole = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) hole[y * w + x] = (x - 110) ** 2 / 1e4 + (y - 150) ** 2 / 2e4 < 1 ? 1 : 0;
    for (const [nw, nh] of [[20, 26], [39, 51]]) {
      const skip = resizeHole(hole, w, h, nw, nh);
      expect(Buffer.from(skip).equals(Buffer.from(referenceResizeHole(hole, w, h, nw, nh)))).toBe(true);
      expect(Buffer.from(resizeRgba(src, w, h, nw, nh, 'area', undefined, skip)).equals(Buffer.from(referenceResizeRgba(src, w, h, nw, nh, 'area', undefined, skip)))).toBe(true);
    }
  });
});

describe('resizeHole: the same bytes as the reference', () => {
  it('over 600 random maps, sizes and scales (bytes other than 0 and 1 too, unaligned views)', () => {
    const next = mulberry32(77);
    const pick = (n: number) => next() % n;
    for (let c = 0; c < 600; c++) {
      const w = 1 + pick(70);
      const h = 1 + pick(70);
      const nw = [1 + pick(w), w, w + 1 + pick(2 * w), Math.max(1, w >> 3)][pick(4)];
      const nh = [1 + pick(h), h, h + 1 + pick(2 * h), Math.max(1, h >> 3)][pick(4)];
      const density = [0, 1, 20, 128, 255][pick(5)];
      const offset = pick(4);
      const hole = new Uint8Array(w * h + 3).subarray(offset, offset + w * h);
      const value = pick(3) === 0 ? 255 : 1;
      for (let i = 0; i < hole.length; i++) hole[i] = (next() & 255) < density ? value : 0;
      expect(Buffer.from(resizeHole(hole, w, h, nw, nh)).equals(Buffer.from(referenceResizeHole(hole, w, h, nw, nh))), `${w}x${h} → ${nw}x${nh} case ${c}`).toBe(true);
    }
  });
});

/**
 * `w × h` RGBA: 0 random bytes; 1 bytes in {0, 1, 2, 254, 255} (sums that land on x.5 exactly);
 * 2 a checkerboard of 0 and 255 with random alpha; 3 a constant plus 0 or 1.
 */
function content(w: number, h: number, kind: number, next: () => number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  const tie = [0, 1, 2, 254, 255];
  const base = next() & 255;
  for (let i = 0; i < out.length; i++) {
    const r = next();
    const p = i >> 2;
    out[i] = kind === 0 ? r & 255 : kind === 1 ? tie[r % 5] : kind === 2 ? ((i & 3) === 3 ? r & 255 : ((p % w) + Math.floor(p / w)) & 1 ? 255 : 0) : base + (r & 1);
  }
  return out;
}

function randomRect(nw: number, nh: number, pick: (n: number) => number): Rect {
  const x = pick(nw);
  const y = pick(nh);
  return { x, y, width: 1 + pick(nw - x), height: 1 + pick(nh - y) };
}

/** A skip map: noise, or a disc, or all skipped but one. */
function randomSkip(nw: number, nh: number, next: () => number): Uint8Array {
  const skip = new Uint8Array(nw * nh);
  const kind = next() % 3;
  const cx = next() % nw;
  const cy = next() % nh;
  for (let y = 0; y < nh; y++) {
    for (let x = 0; x < nw; x++) skip[y * nw + x] = kind === 0 ? next() & 1 : kind === 1 ? ((x - cx) ** 2 + (y - cy) ** 2 < (nw * nh) / 8 ? 1 : 0) : 1;
  }
  if (kind === 2) skip[cy * nw + cx] = 0;
  return skip;
}

function transpose(src: Uint8ClampedArray, w: number, h: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(src.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set(src.subarray((y * w + x) * 4, (y * w + x) * 4 + 4), (x * h + y) * 4);
  return out;
}

// ---- The reference: src/shared/pixels-resize.ts as of 843b6b1, its arithmetic unchanged. ----

interface AxisTaps {
  start: Int32Array;
  index: Int32Array;
  weight: Float64Array;
}

function referenceResizeRgba(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  newWidth: number,
  newHeight: number,
  method: ResizeMethod,
  window?: Rect,
  skip?: Uint8Array,
): Uint8ClampedArray {
  const win = window ?? { x: 0, y: 0, width: newWidth, height: newHeight };
  if (newWidth === width && newHeight === height) {
    const out = new Uint8ClampedArray(win.width * win.height * 4);
    for (let y = 0; y < win.height; y++) {
      const start = ((win.y + y) * width + win.x) * 4;
      out.set(rgba.subarray(start, start + win.width * 4), y * win.width * 4);
    }
    if (skip) zeroSkipped(out, win, newWidth, skip);
    return out;
  }
  const tapsX = method === 'area' ? areaTaps(width, newWidth) : bilinearTaps(width, newWidth);
  const tapsY = method === 'area' ? areaTaps(height, newHeight) : bilinearTaps(height, newHeight);
  const rowLen = win.width * 4;
  let depth = 1;
  for (let o = win.y; o < win.y + win.height; o++) {
    depth = Math.max(depth, tapsY.index[tapsY.start[o + 1] - 1] - tapsY.index[tapsY.start[o]] + 1);
  }
  const ring = new Float32Array(rowLen * depth);
  const ringRow = new Int32Array(depth).fill(-1);
  const { start, index, weight } = tapsX;
  const oEnd = win.x + win.width;
  const readers = skip ? sourceReaders(tapsY, win, height) : null;
  const wanted = skip ? new Uint8Array(win.width) : null;
  const sourceRow = (y: number): number => {
    const slot = y % depth;
    const dstRow = slot * rowLen;
    if (ringRow[slot] === y) return dstRow;
    ringRow[slot] = y;
    const srcRow = y * width * 4;
    if (wanted) wantedColumns(wanted, skip!, newWidth, win.x, readers![2 * y], readers![2 * y + 1]);
    for (let o = win.x; o < oEnd; o++) {
      if (wanted && !wanted[o - win.x]) {
        const q = dstRow + (o - win.x) * 4;
        ring[q] = ring[q + 1] = ring[q + 2] = ring[q + 3] = 0;
        continue;
      }
      let r = 0, g = 0, b = 0, a = 0;
      const kEnd = start[o + 1];
      for (let k = start[o]; k < kEnd; k++) {
        const p = srcRow + index[k] * 4;
        const wt = weight[k];
        r += rgba[p] * wt;
        g += rgba[p + 1] * wt;
        b += rgba[p + 2] * wt;
        a += rgba[p + 3] * wt;
      }
      const q = dstRow + (o - win.x) * 4;
      ring[q] = r;
      ring[q + 1] = g;
      ring[q + 2] = b;
      ring[q + 3] = a;
    }
    return dstRow;
  };
  const out = new Uint8ClampedArray(rowLen * win.height);
  const acc = new Float64Array(rowLen);
  for (let o = win.y; o < win.y + win.height; o++) {
    acc.fill(0);
    for (let k = tapsY.start[o]; k < tapsY.start[o + 1]; k++) {
      const src = sourceRow(tapsY.index[k]);
      const wt = tapsY.weight[k];
      for (let i = 0; i < rowLen; i++) acc[i] += ring[src + i] * wt;
    }
    out.set(acc, (o - win.y) * rowLen);
  }
  if (skip) zeroSkipped(out, win, newWidth, skip);
  return out;
}

function sourceReaders(tapsY: AxisTaps, win: Rect, height: number): Int32Array {
  const readers = new Int32Array(2 * height).fill(-1);
  for (let o = win.y; o < win.y + win.height; o++) {
    for (let k = tapsY.start[o]; k < tapsY.start[o + 1]; k++) {
      const y = tapsY.index[k];
      if (readers[2 * y] < 0) readers[2 * y] = o;
      readers[2 * y + 1] = o;
    }
  }
  return readers;
}

function wantedColumns(wanted: Uint8Array, skip: Uint8Array, newWidth: number, x0: number, first: number, last: number): void {
  wanted.fill(0);
  for (let o = first; o <= last && o >= 0; o++) {
    const row = o * newWidth + x0;
    for (let i = 0; i < wanted.length; i++) if (!skip[row + i]) wanted[i] = 1;
  }
}

function zeroSkipped(out: Uint8ClampedArray, win: Rect, newWidth: number, skip: Uint8Array): void {
  for (let y = 0; y < win.height; y++) {
    const row = (win.y + y) * newWidth + win.x;
    for (let x = 0; x < win.width; x++) if (skip[row + x]) out.fill(0, (y * win.width + x) * 4, (y * win.width + x) * 4 + 4);
  }
}

function referenceResizeHole(hole: Uint8Array, width: number, height: number, newWidth: number, newHeight: number): Uint8Array {
  const [x0, x1] = overlapSpans(width, newWidth);
  const [y0, y1] = overlapSpans(height, newHeight);
  const tmp = new Uint8Array(newWidth * height);
  for (let y = 0; y < height; y++) {
    const src = y * width;
    for (let o = 0; o < newWidth; o++) {
      let any = 0;
      for (let x = x0[o]; x < x1[o] && !any; x++) any = hole[src + x];
      tmp[y * newWidth + o] = any ? 1 : 0;
    }
  }
  const out = new Uint8Array(newWidth * newHeight);
  for (let o = 0; o < newHeight; o++) {
    const dst = o * newWidth;
    for (let y = y0[o]; y < y1[o]; y++) {
      const src = y * newWidth;
      for (let x = 0; x < newWidth; x++) out[dst + x] |= tmp[src + x];
    }
  }
  return out;
}

function overlapSpans(n: number, newN: number): [Int32Array, Int32Array] {
  const lo = new Int32Array(newN);
  const hi = new Int32Array(newN);
  for (let o = 0; o < newN; o++) {
    lo[o] = Math.floor((o * n) / newN);
    hi[o] = Math.ceil(((o + 1) * n) / newN);
  }
  return [lo, hi];
}

function areaTaps(n: number, newN: number): AxisTaps {
  const [lo, hi] = overlapSpans(n, newN);
  const start = new Int32Array(newN + 1);
  for (let o = 0; o < newN; o++) start[o + 1] = start[o] + (hi[o] - lo[o]);
  const index = new Int32Array(start[newN]);
  const weight = new Float64Array(start[newN]);
  for (let o = 0, k = 0; o < newN; o++) {
    const a = o * n;
    const b = (o + 1) * n;
    for (let i = lo[o]; i < hi[o]; i++, k++) {
      index[k] = i;
      weight[k] = (Math.min(b, (i + 1) * newN) - Math.max(a, i * newN)) / n;
    }
  }
  return { start, index, weight };
}

function bilinearTaps(n: number, newN: number): AxisTaps {
  const start = new Int32Array(newN + 1);
  const index = new Int32Array(2 * newN);
  const weight = new Float64Array(2 * newN);
  for (let o = 0; o < newN; o++) {
    const src = Math.min(n - 1, Math.max(0, ((o + 0.5) * n) / newN - 0.5));
    const i0 = Math.floor(src);
    const f = src - i0;
    index[2 * o] = i0;
    weight[2 * o] = 1 - f;
    index[2 * o + 1] = Math.min(i0 + 1, n - 1);
    weight[2 * o + 1] = f;
    start[o + 1] = 2 * (o + 1);
  }
  return { start, index, weight };
}
