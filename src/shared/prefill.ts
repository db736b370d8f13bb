/**
 * The hole's own pixels never reach a model: right after decoding, every hole
 * pixel is replaced by a value computed from the known pixels alone (a
 * pull-push fill, Gortler et al. 1996). Whatever the hole held (the watermark or
 * person being removed) is then gone before any padding, resampling, feathered
 * paste-back or model-internal blend can bring it back, and two requests that
 * differ only inside the hole give the same bytes. DOM-free and pure.
 */
import type { Rect } from './pixels';
import { assertLength, assertRectInside } from './pixels-checks';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** What a hole pixel becomes where nothing at all is known: mid grey, opaque. */
export const NEUTRAL_PREFILL = [128, 128, 128, 255] as const;

/**
 * Replaces every hole pixel of `rgba` inside `region` (default: the whole
 * image) with a smooth fill from the known pixels of `region`, in place, in all
 * four channels. Pull: a 2×2 pyramid of known-weighted sums, to 1×1. Push:
 * coarse to fine, each pixel keeps its own (known) mean where it has weight and
 * takes its parent's value for the rest. The result depends only on the known
 * pixels and the hole map. Known pixels and pixels outside `region` are never written.
 * Hole pixels outside `region` are not written either: pass a region that
 * contains the hole's bounding box.
 *
 * @returns the number of known pixels in `region`; 0 means nothing was known and
 *   the hole became {@link NEUTRAL_PREFILL}
 * @example
 * const known = prefillHole(image.data, hole, width, height, contextRect(bounds, width, height));
 */
export function prefillHole(
  rgba: Uint8ClampedArray | Uint8Array,
  hole: Uint8Array,
  width: number,
  height: number,
  region: Rect = { x: 0, y: 0, width, height },
): number {
  const { x: rx, y: ry, width: w, height: h } = checkRegion(rgba, hole, width, height, region);
  if (w === 0 || h === 0) return 0;

  // Level 1 straight from the pixels: premultiplied sums (4 channels) and known
  // counts of 2×2 blocks (odd edges take 1-wide blocks). Level 0 is never stored:
  // a hole pixel has no weight of its own, so it always takes its parent's value.
  let lw = Math.ceil(w / 2);
  let lh = Math.ceil(h / 2);
  // Level 1 in integers (a block's sum is at most 4 × 255, its count at most 4): 10 bytes a block
  // where Float32 took 20 (34 MB of fresh pages for the 12 MP blob's crop); every later level's
  // Float32 sums read the same numbers from them.
  const level1 = { sums: new Uint16Array(lw * lh * 4), weights: new Uint8Array(lw * lh) };
  let sums: Float32Array | Uint16Array = level1.sums;
  let weights: Float32Array | Uint8Array = level1.weights;
  let known = 0;
  // Each pass works a row at a time in its own function: a 12 MP photo's prefill is one call per
  // task, and small functions called thousands of times are optimised after a few rows, where
  // one long function ran its first call mostly unoptimised (about 2× slower in the worker).
  for (let by = 0; by < lh; by++) known += sumBlockRow(rgba, hole, width, rx, ry, w, h, by, lw, level1.sums, level1.weights);
  if (known === 0) {
    writeHole(rgba, hole, width, region, () => NEUTRAL_PREFILL);
    return 0;
  }

  // Pull: sums and weights of 2×2 blocks, to 1×1.
  const levels: { w: number; h: number; sums: Float32Array | Uint16Array; weights: Float32Array | Uint8Array }[] = [{ w: lw, h: lh, sums, weights }];
  while (lw > 1 || lh > 1) {
    const cw = Math.ceil(lw / 2);
    const ch = Math.ceil(lh / 2);
    const cs = new Float32Array(cw * ch * 4);
    const cwt = new Float32Array(cw * ch);
    for (let y = 0; y < lh; y++) pullRow(sums, weights, lw, y, cs, cwt, cw);
    levels.push({ w: cw, h: ch, sums: cs, weights: cwt });
    sums = cs;
    weights = cwt;
    lw = cw;
    lh = ch;
  }

  // Push: the coarsest level is the mean of every known pixel; each finer block
  // is its own mean where it holds known pixels, else its parent's value. The
  // finest level (2×2 blocks, as large as a quarter of the region × 4 channels)
  // is not stored: a hole pixel reads its block's mean or its parent's value
  // below, the same Float32 numbers the push would have stored.
  const top = levels[levels.length - 1];
  let values = new Float32Array(4);
  for (let c = 0; c < 4; c++) values[c] = top.sums[c] / top.weights[0];
  for (let l = levels.length - 2; l >= 1; l--) {
    const { w: fw, h: fh, sums: fs, weights: fwt } = levels[l];
    const pw = levels[l + 1].w;
    const next = new Float32Array(fw * fh * 4);
    for (let y = 0; y < fh; y++) pushRow(fs, fwt, fw, y, values, pw, next);
    values = next;
  }
  // `values` is now level 2's (or the top's, when level 1 is the top, where every block has weight).
  const { w: vw, sums: fs, weights: fwt } = levels[0];
  const pw = levels.length > 1 ? levels[1].w : 1;
  // Each hole pixel takes its block's value (or its parent's), worked out once per block and
  // row run: the same Float32 quotient and rounding for every pixel of the block.
  // Whole pixels written as one little-endian word where the bytes allow it.
  const words = LITTLE_ENDIAN && rgba.byteOffset % 4 === 0 ? new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2) : null;
  for (let y = 0; y < h; y++) fillHoleRow(rgba, words, hole, (ry + y) * width + rx, w, (y >> 1) * vw, (y >> 2) * pw, fs, fwt, values);
  return known;
}

/** Level 1's block row `by` of the region: each 2×2 block's sums and known count; returns its known pixels. */
function sumBlockRow(
  rgba: Uint8ClampedArray | Uint8Array,
  hole: Uint8Array,
  width: number,
  rx: number,
  ry: number,
  w: number,
  h: number,
  by: number,
  lw: number,
  sums: Uint16Array,
  weights: Uint8Array,
): number {
  // Per block, in integers (at most 4 × 255: exact in Float32 whatever the order), stored once.
  // The block's up to four pixels are read straight, not through a loop.
  const full = w >> 1; // blocks two pixels wide
  const r0 = (ry + 2 * by) * width + rx;
  const r1 = 2 * by + 1 < h ? r0 + width : -1;
  let known = 0;
  for (let bx = 0; bx < lw; bx++) {
    const x = 2 * bx;
    const pair = bx < full;
    let n = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    let i = r0 + x;
    if (!hole[i]) {
      const p = i * 4;
      n++;
      r += rgba[p];
      g += rgba[p + 1];
      b += rgba[p + 2];
      a += rgba[p + 3];
    }
    if (pair && !hole[++i]) {
      const p = i * 4;
      n++;
      r += rgba[p];
      g += rgba[p + 1];
      b += rgba[p + 2];
      a += rgba[p + 3];
    }
    if (r1 >= 0) {
      i = r1 + x;
      if (!hole[i]) {
        const p = i * 4;
        n++;
        r += rgba[p];
        g += rgba[p + 1];
        b += rgba[p + 2];
        a += rgba[p + 3];
      }
      if (pair && !hole[++i]) {
        const p = i * 4;
        n++;
        r += rgba[p];
        g += rgba[p + 1];
        b += rgba[p + 2];
        a += rgba[p + 3];
      }
    }
    if (n === 0) continue;
    const j = by * lw + bx;
    weights[j] = n;
    sums[j * 4] = r;
    sums[j * 4 + 1] = g;
    sums[j * 4 + 2] = b;
    sums[j * 4 + 3] = a;
    known += n;
  }
  return known;
}

/** Row `y` of a level added into its parent level (`cw` wide), in Float32. */
function pullRow(sums: Float32Array | Uint16Array, weights: Float32Array | Uint8Array, lw: number, y: number, cs: Float32Array, cwt: Float32Array, cw: number): void {
  for (let x = 0; x < lw; x++) {
    const i = y * lw + x;
    const wt = weights[i];
    if (wt === 0) continue;
    const j = (y >> 1) * cw + (x >> 1);
    cwt[j] += wt;
    cs[j * 4] += sums[i * 4];
    cs[j * 4 + 1] += sums[i * 4 + 1];
    cs[j * 4 + 2] += sums[i * 4 + 2];
    cs[j * 4 + 3] += sums[i * 4 + 3];
  }
}

/** Row `y` of a level's values: its own mean where it has weight, else its parent's value (`pw` wide). */
function pushRow(fs: Float32Array | Uint16Array, fwt: Float32Array | Uint8Array, fw: number, y: number, values: Float32Array, pw: number, next: Float32Array): void {
  for (let x = 0; x < fw; x++) {
    const i = y * fw + x;
    const wt = fwt[i];
    if (wt > 0) {
      for (let c = 0; c < 4; c++) next[i * 4 + c] = fs[i * 4 + c] / wt;
    } else {
      const j = (y >> 1) * pw + (x >> 1);
      for (let c = 0; c < 4; c++) next[i * 4 + c] = values[j * 4 + c];
    }
  }
}

/**
 * The hole pixels of one region row (`row`: its first pixel's index, `w` long): each takes its
 * level-1 block's value (row `brow` of `fs`/`fwt`), or its parent's (row `prow` of `values`),
 * worked out once per block and row run, and written as one little-endian word where `words` is given.
 */
function fillHoleRow(
  rgba: Uint8ClampedArray | Uint8Array,
  words: Uint32Array | null,
  hole: Uint8Array,
  row: number,
  w: number,
  brow: number,
  prow: number,
  fs: Float32Array | Uint16Array,
  fwt: Float32Array | Uint8Array,
  values: Float32Array,
): void {
  let word = 0;
  let cached = -1;
  let v0 = 0;
  let v1 = 0;
  let v2 = 0;
  let v3 = 0;
  for (let x = 0; x < w; x++) {
    if (!hole[row + x]) continue;
    const b = brow + (x >> 1);
    if (b !== cached) {
      cached = b;
      const wt = fwt[b];
      if (wt > 0) {
        v0 = clampRound(Math.fround(fs[b * 4] / wt));
        v1 = clampRound(Math.fround(fs[b * 4 + 1] / wt));
        v2 = clampRound(Math.fround(fs[b * 4 + 2] / wt));
        v3 = clampRound(Math.fround(fs[b * 4 + 3] / wt));
      } else {
        const j = (prow + (x >> 2)) * 4;
        v0 = clampRound(values[j]);
        v1 = clampRound(values[j + 1]);
        v2 = clampRound(values[j + 2]);
        v3 = clampRound(values[j + 3]);
      }
      word = (v0 | (v1 << 8) | (v2 << 16) | (v3 << 24)) >>> 0;
    }
    if (words) {
      words[row + x] = word;
      continue;
    }
    const p = (row + x) * 4;
    rgba[p] = v0;
    rgba[p + 1] = v1;
    rgba[p + 2] = v2;
    rgba[p + 3] = v3;
  }
}

function clampRound(v: number): number {
  return Math.min(255, Math.max(0, Math.round(v)));
}

function writeHole(
  rgba: Uint8ClampedArray | Uint8Array,
  hole: Uint8Array,
  width: number,
  region: Rect,
  value: (x: number, y: number) => readonly number[],
): void {
  for (let y = 0; y < region.height; y++) {
    const row = (region.y + y) * width + region.x;
    for (let x = 0; x < region.width; x++) {
      if (!hole[row + x]) continue;
      const v = value(x, y);
      const p = (row + x) * 4;
      for (let c = 0; c < 4; c++) rgba[p + c] = Math.min(255, Math.max(0, Math.round(v[c])));
    }
  }
}

/**
 * For a model that never reads the values under its mask (the built-in graph
 * takes `image · (1 − mask)`): every hole pixel of `rgba` inside `region`
 * becomes one that carries nothing of the hole, at a fraction of
 * {@link prefillHole}'s cost. Where every known pixel of `region` is opaque (a
 * JPEG, any photo without transparency), one pass writes {@link NEUTRAL_PREFILL}:
 * mid grey, and alpha 255, which is the alpha `prefillHole` gives every hole
 * pixel there (each of its means is a mean of 255s). Otherwise it is
 * `prefillHole` itself, since the alpha of a partly transparent image is the
 * pull-push's. Either way the alpha is `prefillHole`'s, byte for byte, and the
 * hole's colour is not the prefill's but is made from the known pixels alone.
 * Known pixels and pixels outside `region` are never written.
 *
 * @returns the number of known pixels in `region`, as `prefillHole` returns it
 * @example
 * const known = blankHole(crop, cropHole(hole, width, rect), rect.width, rect.height);
 */
export function blankHole(
  rgba: Uint8ClampedArray | Uint8Array,
  hole: Uint8Array,
  width: number,
  height: number,
  region: Rect = { x: 0, y: 0, width, height },
): number {
  const { x: rx, y: ry, width: w, height: h } = checkRegion(rgba, hole, width, height, region);
  if (w === 0 || h === 0) return 0;
  // Known pixels' alpha read and hole pixels written in the one pass; a known pixel that is not
  // opaque sends the whole region to prefillHole, which reads the known pixels only and rewrites
  // every hole pixel, so what this pass wrote before it is gone again.
  const words = LITTLE_ENDIAN && rgba.byteOffset % 4 === 0 ? new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2) : null;
  const [r, g, b, a] = NEUTRAL_PREFILL;
  const word = (r | (g << 8) | (b << 16) | (a << 24)) >>> 0;
  const holeWords = words && hole.byteOffset % 4 === 0 ? new Uint32Array(hole.buffer, hole.byteOffset, hole.length >> 2) : null;
  let known = 0;
  for (let y = 0; y < h; y++) {
    const n = blankRow(rgba, words, holeWords, word, hole, (ry + y) * width + rx, w);
    if (n < 0) return prefillHole(rgba, hole, width, height, region);
    known += n;
  }
  return known;
}

/**
 * One region row of {@link blankHole}: its known pixels, or −1 at the first known pixel that is
 * not opaque. With word views (`holeWords` over `hole`, `words` over `rgba`), four pixels whose
 * hole bytes agree go at once: four known alphas ANDed, or four hole pixels written.
 */
function blankRow(
  rgba: Uint8ClampedArray | Uint8Array,
  words: Uint32Array | null,
  holeWords: Uint32Array | null,
  word: number,
  hole: Uint8Array,
  row: number,
  w: number,
): number {
  let known = 0;
  let i = row;
  const end = row + w;
  for (;;) {
    if (holeWords && words && (i & 3) === 0) {
      for (; i + 4 <= end; i += 4) {
        const h = holeWords[i >> 2];
        if (h === 0) {
          if ((words[i] & words[i + 1] & words[i + 2] & words[i + 3]) >>> 24 !== 255) return -1;
          known += 4;
        } else if (h === 0x01010101) {
          words[i] = words[i + 1] = words[i + 2] = words[i + 3] = word;
        } else break;
      }
    }
    if (i >= end) return known;
    // One pixel: the row's head before a word boundary, a word whose hole bytes differ, the tail.
    if (!hole[i]) {
      if (rgba[i * 4 + 3] !== 255) return -1;
      known++;
    } else if (words) {
      words[i] = word;
    } else {
      const p = i * 4;
      rgba[p] = NEUTRAL_PREFILL[0];
      rgba[p + 1] = NEUTRAL_PREFILL[1];
      rgba[p + 2] = NEUTRAL_PREFILL[2];
      rgba[p + 3] = NEUTRAL_PREFILL[3];
    }
    i++;
  }
}

/** The checks {@link prefillHole} and {@link blankHole} share: the buffers' lengths and `region` inside the image. */
function checkRegion(rgba: Uint8ClampedArray | Uint8Array, hole: Uint8Array, width: number, height: number, region: Rect): Rect {
  assertLength(rgba.length, width * height * 4, 'rgba');
  assertLength(hole.length, width * height, 'hole');
  assertRectInside(region, width, height);
  return region;
}
