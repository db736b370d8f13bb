/**
 * Resampling for running a model below the input's resolution and bringing its
 * output back up. Separable filters with precomputed per-axis weights; plain
 * float arithmetic only (and integer sums where they give the same float32s:
 * `areaSums`), so results are identical across JS engines.
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
  // Along x, an area resize adds integers where that gives the taps' bytes (areaSums).
  const sums = method === 'area' ? areaSums(width, newWidth) : null;
  const tapsX = sums ? null : method === 'area' ? areaTaps(width, newWidth) : bilinearTaps(width, newWidth);
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
  let tapsMax = 1;
  for (let o = win.y; o < win.y + win.height; o++) {
    depth = Math.max(depth, tapsY.index[tapsY.start[o + 1] - 1] - tapsY.index[tapsY.start[o]] + 1);
    tapsMax = Math.max(tapsMax, tapsY.start[o + 1] - tapsY.start[o]);
  }
  const ring = new Float32Array(rowLen * depth);
  const ringRow = new Int32Array(depth).fill(-1);
  // With `skip`: the window's output rows that read each source row (first, last), and a
  // column of the horizontal pass is made only where one of them wants that column.
  const readers = skip ? sourceReaders(tapsY, win, height) : null;
  const wanted = skip ? new Uint8Array(win.width) : null;
  let wantedFor = -1; // the first reader `wanted` was made for (the next source row often has the same readers)
  let wantedTo = -1;
  const words = sums && wordView(rgba);
  /** Row `y` of the horizontal pass: its offset in `ring`, made there first if it is not. */
  const sourceRow = (y: number): number => {
    const slot = y % depth;
    const dstRow = slot * rowLen;
    if (ringRow[slot] === y) return dstRow;
    ringRow[slot] = y;
    if (wanted && (readers![2 * y] !== wantedFor || readers![2 * y + 1] !== wantedTo)) {
      wantedFor = readers![2 * y];
      wantedTo = readers![2 * y + 1];
      wantedColumns(wanted, skip!, newWidth, win.x, wantedFor, wantedTo);
    }
    if (sums && words && sums.lanes) areaRowWords(sums, words, y * width, win.x, win.width, wanted, ring, dstRow);
    else if (sums) areaRow(sums, rgba, y * width, win.x, win.width, wanted, ring, dstRow);
    else tapRow(tapsX!, rgba, y * width * 4, win.x, win.width, wanted, ring, dstRow);
    return dstRow;
  };
  // Vertical pass, one output pixel at a time: each channel sums its taps in tap order from 0
  // (the arithmetic of a row of float64 sums filled with 0, added to row by row, then set()),
  // and a skipped pixel is neither computed nor written (it stays 0).
  const out = new Uint8ClampedArray(rowLen * win.height);
  const rowAt = new Int32Array(tapsMax); // (a clamped bilinear tap can read a row twice: more taps than rows)
  const { start: startY, index: indexY, weight: weightY } = tapsY;
  for (let o = win.y; o < win.y + win.height; o++) {
    const k0 = startY[o];
    const taps = startY[o + 1] - k0;
    for (let t = 0; t < taps; t++) rowAt[t] = sourceRow(indexY[k0 + t]);
    const dst = (o - win.y) * rowLen;
    const skipRow = o * newWidth + win.x;
    for (let x = 0, i = 0; x < win.width; x++, i += 4) {
      if (skip && skip[skipRow + x]) continue;
      let r = 0, g = 0, b = 0, a = 0;
      for (let t = 0; t < taps; t++) {
        const s = rowAt[t] + i;
        const wt = weightY[k0 + t];
        r += ring[s] * wt;
        g += ring[s + 1] * wt;
        b += ring[s + 2] * wt;
        a += ring[s + 3] * wt;
      }
      // ToUint8Clamp, as set() from a Float64Array: round half to even, clamp.
      out[dst + i] = r;
      out[dst + i + 1] = g;
      out[dst + i + 2] = b;
      out[dst + i + 3] = a;
    }
  }
  return out;
}

/**
 * A row of the horizontal pass by the taps' float arithmetic: output column `o`'s channel is
 * `Σ byte · weight` in float64, in tap order from 0, stored as float32. Columns not `wanted` are left as they were.
 */
function tapRow(
  taps: AxisTaps,
  rgba: Uint8ClampedArray | Uint8Array,
  srcRow: number,
  x0: number,
  cols: number,
  wanted: Uint8Array | null,
  ring: Float32Array,
  dstRow: number,
): void {
  const { start, index, weight } = taps;
  for (let c = 0; c < cols; c++) {
    if (wanted && !wanted[c]) continue;
    const o = x0 + c;
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
    const q = dstRow + c * 4;
    ring[q] = r;
    ring[q + 1] = g;
    ring[q + 2] = b;
    ring[q + 3] = a;
  }
}

/**
 * Area taps along x as integers: output column `o` covers source pixels `lo[o] .. lo[o] + count[o]`,
 * the first overlapping it by `first[o]`, the last by `last[o]` and every one between by `newN`
 * (units of 1/newN of a source pixel, as in {@link areaTaps}, whose weights are these over `n`).
 */
interface AreaSums {
  n: number;
  newN: number;
  lo: Int32Array;
  count: Int32Array;
  first: Int32Array;
  last: Int32Array;
  /** Every column's pixels between its first and last fit 16-bit lanes (≤ 128 of them): {@link areaRowWords} adds two channels a word. */
  lanes: boolean;
}

/**
 * The integer form of {@link areaTaps} along an axis of `n` → `newN`, or null where it would not
 * give the taps' bytes. Why it gives them: a column's exact value is S = N / n with N = Σ byte ·
 * overlap an integer, and the taps' float sum of `m` terms is S within (m + 2)·2⁻⁵³·S (every term
 * is ≥ 0). The horizontal pass keeps float32s: a float32 rounding boundary (a midpoint between two
 * float32s) in S's binade [2^q, 2^(q+1)) is an odd multiple of 2^(q−24), at a distance from S of
 * |N·2^(24−q) − odd·n| / (n·2^(24−q)): an integer over that, not 0 while n < 2^17 (N·2^(24−q), q ≤ 7,
 * has at least 17 factors 2, odd·n as many as n), so at least 2^(q−24)/n. The float sum's error is
 * below that while (m + 2)·2⁻⁵³·2^(q+1) < 2^(q−24)/n, i.e. (m + 2)·n < 2²⁸ (with a margin: m + 3).
 * Then the float sum and N / n (rounded once, error ≤ 2⁻⁵³·S) round to the same float32 as S.
 */
function areaSums(n: number, newN: number): AreaSums | null {
  const [lo, hi] = overlapSpans(n, newN);
  const count = new Int32Array(newN);
  let taps = 0;
  for (let o = 0; o < newN; o++) taps = Math.max(taps, (count[o] = hi[o] - lo[o]));
  if (n >= 2 ** 17 || (taps + 3) * n >= 2 ** 28) return null;
  const first = new Int32Array(newN);
  const last = new Int32Array(newN);
  /** Overlap of output `o` and source `i`, as in areaTaps. */
  const overlap = (o: number, i: number) => Math.min((o + 1) * n, (i + 1) * newN) - Math.max(o * n, i * newN);
  for (let o = 0; o < newN; o++) {
    first[o] = overlap(o, lo[o]);
    last[o] = overlap(o, hi[o] - 1);
  }
  return { n, newN, lo, count, first, last, lanes: taps <= 130 };
}

/** `rgba` as native 32-bit words, one a pixel, where they read as R | G << 8 | B << 16 | A << 24 (a little-endian platform) and are aligned. */
function wordView(rgba: Uint8ClampedArray | Uint8Array): Int32Array | null {
  return LITTLE_ENDIAN && rgba.byteOffset % 4 === 0 ? new Int32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2) : null;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A row of the horizontal pass of an area resize, in integers (see {@link areaSums}): the same
 * float32s as {@link tapRow} with the area taps. `srcPixel` is the row's first pixel; `words`
 * is `rgba` a pixel a word ({@link wordView}), for columns of ≤ 130 pixels (`sums.lanes`).
 * Columns not `wanted` are left as they were.
 */
function areaRowWords(
  sums: AreaSums,
  words: Int32Array,
  srcPixel: number,
  x0: number,
  cols: number,
  wanted: Uint8Array | null,
  ring: Float32Array,
  dstRow: number,
): void {
  const { n, newN, lo, count, first, last } = sums;
  for (let c = 0; c < cols; c++) {
    if (wanted !== null && wanted[c] === 0) continue;
    const o = x0 + c;
    const p0 = srcPixel + lo[o];
    const pEnd = p0 + count[o] - 1;
    let v = words[p0];
    const f = first[o];
    let r = (v & 255) * f;
    let g = ((v >> 8) & 255) * f;
    let b = ((v >> 16) & 255) * f;
    let a = (v >>> 24) * f;
    if (pEnd > p0) {
      // The pixels between, two channels a word: R and B in the low and high 16 bits of `rb`,
      // G and A of `ga` (at most 128 × 255 a lane, so `rb` and `ga` stay below 2^31).
      let rb = 0, ga = 0;
      for (let p = p0 + 1; p < pEnd; p++) {
        v = words[p];
        rb += v & 0xff00ff;
        ga += (v >>> 8) & 0xff00ff;
      }
      v = words[pEnd];
      const l = last[o];
      r += (rb & 0xffff) * newN + (v & 255) * l;
      g += (ga & 0xffff) * newN + ((v >> 8) & 255) * l;
      b += (rb >>> 16) * newN + ((v >> 16) & 255) * l;
      a += (ga >>> 16) * newN + (v >>> 24) * l;
    }
    // One rounding to float64 and one to float32 (the store): the taps' float32 (areaSums).
    const q = dstRow + c * 4;
    ring[q] = r / n;
    ring[q + 1] = g / n;
    ring[q + 2] = b / n;
    ring[q + 3] = a / n;
  }
}

/** {@link areaRowWords} a byte at a time, one sum a channel: any alignment, byte order or column width. */
function areaRow(
  sums: AreaSums,
  rgba: Uint8ClampedArray | Uint8Array,
  srcPixel: number,
  x0: number,
  cols: number,
  wanted: Uint8Array | null,
  ring: Float32Array,
  dstRow: number,
): void {
  const { n, newN, lo, count, first, last } = sums;
  for (let c = 0; c < cols; c++) {
    if (wanted !== null && wanted[c] === 0) continue;
    const o = x0 + c;
    let q = (srcPixel + lo[o]) * 4;
    const qEnd = q + (count[o] - 1) * 4;
    const f = first[o];
    let r = rgba[q] * f;
    let g = rgba[q + 1] * f;
    let b = rgba[q + 2] * f;
    let a = rgba[q + 3] * f;
    if (qEnd > q) {
      let rs = 0, gs = 0, bs = 0, as = 0;
      for (q += 4; q < qEnd; q += 4) {
        rs += rgba[q];
        gs += rgba[q + 1];
        bs += rgba[q + 2];
        as += rgba[q + 3];
      }
      const l = last[o];
      r += rs * newN + rgba[qEnd] * l;
      g += gs * newN + rgba[qEnd + 1] * l;
      b += bs * newN + rgba[qEnd + 2] * l;
      a += as * newN + rgba[qEnd + 3] * l;
    }
    const d = dstRow + c * 4;
    ring[d] = r / n;
    ring[d + 1] = g / n;
    ring[d + 2] = b / n;
    ring[d + 3] = a / n;
  }
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
  // Per output row: the OR of the source rows it covers (a word at a time), then of each output
  // column's span of that.
  const words = width >> 2;
  const any = new Uint8Array(words * 4 + 4);
  const any32 = new Int32Array(any.buffer);
  const view = new DataView(hole.buffer, hole.byteOffset, hole.byteLength);
  const out = new Uint8Array(newWidth * newHeight);
  for (let o = 0; o < newHeight; o++) {
    for (let y = y0[o]; y < y1[o]; y++) orRow(any, any32, hole, view, y * width, width, y === y0[o]);
    const dst = o * newWidth;
    for (let c = 0; c < newWidth; c++) {
      const end = x1[c];
      for (let x = x0[c]; x < end; x++) {
        if (any[x]) {
          out[dst + c] = 1;
          break;
        }
      }
    }
  }
  return out;
}

/**
 * ORs the `width` bytes of `hole` from `src` into `any` (`any32`: its words; `first`: into
 * nothing, a copy), a word at a time where it can. (A function of its own, called a row at a
 * time: optimised after a few rows, where a loop inside resizeHole waited for on-stack
 * replacement, a cold first call 20–25 ms instead of 6–13 in Chromium, bench/lab/shrink-times.mjs.)
 */
function orRow(any: Uint8Array, any32: Int32Array, hole: Uint8Array, view: DataView, src: number, width: number, first: boolean): void {
  const words = width >> 2;
  if (first) {
    for (let j = 0; j < words; j++) any32[j] = view.getInt32(src + 4 * j, LITTLE_ENDIAN);
    for (let x = words * 4; x < width; x++) any[x] = hole[src + x];
  } else {
    for (let j = 0; j < words; j++) any32[j] |= view.getInt32(src + 4 * j, LITTLE_ENDIAN);
    for (let x = words * 4; x < width; x++) any[x] |= hole[src + x];
  }
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
