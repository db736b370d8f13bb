/**
 * Resampling for running a model below the input's resolution and bringing its
 * output back up. Separable filters with precomputed per-axis weights; plain
 * float arithmetic only, so results are identical across JS engines.
 * Re-exported from `pixels.ts`.
 */

import type { Rect } from './rect';

/** `area`: box filter by exact pixel coverage (use to shrink); `bilinear`: half-pixel-centre linear. */
export type ResizeMethod = 'area' | 'bilinear';

/** Per-axis taps: output `o` reads `index[start[o] .. start[o+1])` with `weight[...]`. */
interface AxisTaps {
  start: Int32Array;
  index: Int32Array;
  weight: Float64Array;
}

/**
 * Resizes an RGBA image. All four channels are filtered independently (the
 * pixels are non-premultiplied; alpha is carried, not used as a weight).
 * Bytes are rounded to nearest (half to even) and clamped.
 *
 * - `area` averages each output pixel's exact footprint in the source (weights
 *   are integer overlaps, so a 2× shrink is the plain mean of 2×2 blocks), like
 *   OpenCV's INTER_AREA when shrinking.
 * - `bilinear` samples at half-pixel centres, clamped at the edges, like
 *   OpenCV's INTER_LINEAR and PyTorch's `align_corners=False`.
 *
 * @param window only this rect of the output (default all of it): the result is
 *   `window.width × window.height`, equal byte for byte to that rect of the whole
 *   output, at the cost of the window only (e.g. just the hole's box of a crop)
 * @param skip output pixels not wanted (`newWidth × newHeight`, 1 = skip; e.g. the
 *   shrunk hole map, for a model that reads nothing under its mask): they come back
 *   0, and a source pixel is read only where a wanted output pixel reads it. Every
 *   other output byte is the one computed without `skip`.
 * @example
 * const small = resizeRgba(crop, w, h, w >> 1, h >> 1, 'area');
 * const back = resizeRgba(filledSmall, w >> 1, h >> 1, w, h, 'bilinear');
 */
export function resizeRgba(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  newWidth: number,
  newHeight: number,
  method: ResizeMethod,
  window?: Rect,
  skip?: Uint8Array,
): Uint8ClampedArray {
  if (rgba.length !== width * height * 4) throw new RangeError(`rgba: expected ${width * height * 4} bytes, got ${rgba.length}`);
  checkSizes(width, height, newWidth, newHeight);
  const win = window ?? { x: 0, y: 0, width: newWidth, height: newHeight };
  if (win.x < 0 || win.y < 0 || win.width < 1 || win.height < 1 || win.x + win.width > newWidth || win.y + win.height > newHeight) {
    throw new RangeError(`resize: window ${win.width}x${win.height}+${win.x}+${win.y} is not inside ${newWidth}x${newHeight}`);
  }
  if (skip && skip.length !== newWidth * newHeight) throw new RangeError(`skip: expected ${newWidth * newHeight} bytes, got ${skip.length}`);
  if (newWidth === width && newHeight === height) {
    const out = window ? cropRows(rgba, width, win) : new Uint8ClampedArray(rgba);
    if (skip) zeroSkipped(out, win, newWidth, skip);
    return out;
  }
  const tapsX = method === 'area' ? areaTaps(width, newWidth) : bilinearTaps(width, newWidth);
  const tapsY = method === 'area' ? areaTaps(height, newHeight) : bilinearTaps(height, newHeight);

  // Horizontal pass into floats, then vertical pass into bytes; the same
  // arithmetic per output pixel whatever the window, so a window of the
  // output equals the same rect of the whole output, bit for bit. The
  // horizontal pass's rows are made when an output row first reads them and
  // kept in a ring as deep as the most source rows one output row reads: taps
  // are monotone, so a row that leaves the ring is never read again. (The
  // whole pass held every source row: 19 MB for a 12 MP photo's crop shrunk
  // to 512 px, read back once from memory.)
  const rowLen = win.width * 4;
  let depth = 1;
  for (let o = win.y; o < win.y + win.height; o++) {
    depth = Math.max(depth, tapsY.index[tapsY.start[o + 1] - 1] - tapsY.index[tapsY.start[o]] + 1);
  }
  const ring = new Float32Array(rowLen * depth);
  const ringRow = new Int32Array(depth).fill(-1);
  const { start, index, weight } = tapsX;
  const oEnd = win.x + win.width;
  // With `skip`: the window's output rows that read each source row (first, last), and a
  // column of the horizontal pass is made only where one of them wants that column.
  const readers = skip ? sourceReaders(tapsY, win, height) : null;
  const wanted = skip ? new Uint8Array(win.width) : null;
  /** Row `y` of the horizontal pass: its offset in `ring`, made there first if it is not. */
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
    out.set(acc, (o - win.y) * rowLen); // set() converts with ToUint8Clamp: round half to even, clamp
  }
  if (skip) zeroSkipped(out, win, newWidth, skip);
  return out;
}

/** For each source row `y`, the first and last output row of `win` that read it (`[2y]`, `[2y + 1]`; −1 for none). */
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

/** `wanted[i]` = 1 where output column `x0 + i` is not skipped in some output row `first..last`. */
function wantedColumns(wanted: Uint8Array, skip: Uint8Array, newWidth: number, x0: number, first: number, last: number): void {
  wanted.fill(0);
  for (let o = first; o <= last && o >= 0; o++) {
    const row = o * newWidth + x0;
    for (let i = 0; i < wanted.length; i++) if (!skip[row + i]) wanted[i] = 1;
  }
}

/** Zeroes the skipped pixels of `out` (the pixels of `win`). */
function zeroSkipped(out: Uint8ClampedArray, win: Rect, newWidth: number, skip: Uint8Array): void {
  for (let y = 0; y < win.height; y++) {
    const row = (win.y + y) * newWidth + win.x;
    for (let x = 0; x < win.width; x++) if (skip[row + x]) out.fill(0, (y * win.width + x) * 4, (y * win.width + x) * 4 + 4);
  }
}

function cropRows(rgba: Uint8ClampedArray | Uint8Array, width: number, win: Rect): Uint8ClampedArray {
  const out = new Uint8ClampedArray(win.width * win.height * 4);
  for (let y = 0; y < win.height; y++) {
    const start = ((win.y + y) * width + win.x) * 4;
    out.set(rgba.subarray(start, start + win.width * 4), y * win.width * 4);
  }
  return out;
}

/**
 * Resizes a hole map so that no hole pixel is lost: an output pixel is a hole
 * when **any** source pixel its footprint overlaps is a hole. Shrinking thus
 * never drops a thin stroke; growing dilates by at most one source pixel's
 * footprint at the boundary, which errs on the side of filling.
 *
 * @example
 * const smallHole = resizeHole(holeCrop, w, h, w >> 1, h >> 1);
 */
export function resizeHole(hole: Uint8Array, width: number, height: number, newWidth: number, newHeight: number): Uint8Array {
  if (hole.length !== width * height) throw new RangeError(`hole: expected ${width * height} bytes, got ${hole.length}`);
  checkSizes(width, height, newWidth, newHeight);
  const [x0, x1] = overlapSpans(width, newWidth);
  const [y0, y1] = overlapSpans(height, newHeight);
  // Rows first: OR across each output column's source span, then across rows.
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

/** Source span `[lo[o], hi[o])` of pixels with positive overlap with output pixel `o`. */
function overlapSpans(n: number, newN: number): [Int32Array, Int32Array] {
  const lo = new Int32Array(newN);
  const hi = new Int32Array(newN);
  for (let o = 0; o < newN; o++) {
    // Quotients of small integers: floor/ceil of the correctly rounded result are exact.
    lo[o] = Math.floor((o * n) / newN);
    hi[o] = Math.ceil(((o + 1) * n) / newN);
  }
  return [lo, hi];
}

/**
 * Box-filter taps. Measured in units of 1/newN of a source pixel, output `o`
 * covers `[o·n, (o+1)·n)` and source `i` covers `[i·newN, (i+1)·newN)`; the
 * overlap is an integer and the weights sum to exactly n/n = 1.
 */
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

/** Linear taps at half-pixel centres: src = (o + 0.5)·n/newN − 0.5, clamped to the edge. */
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

function checkSizes(width: number, height: number, newWidth: number, newHeight: number): void {
  for (const v of [width, height, newWidth, newHeight]) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`resize: sizes must be positive integers, got ${width}x${height} → ${newWidth}x${newHeight}`);
  }
}
