/**
 * Pasting one quilt block (Efros & Freeman 2001's minimum error boundary cut):
 * where a block's window overlaps pixels already filled, the seam between the
 * old and the new runs along the cheapest path through their squared difference,
 * so it follows edges the two share instead of a straight block border.
 * DOM-free and pure; used by expand-quilt.ts only.
 */
import { boxBlur } from './texture-kernels';

/** A block to paste: its window's top-left in the crop (may lie outside it), side, and overlap. */
export interface QuiltBlockWindow {
  readonly wx: number;
  readonly wy: number;
  readonly win: number;
  readonly overlap: number;
}

/** Scratch of {@link pasteBlock} for one window size, allocated once per quilt (so its peak is its total). */
export interface PasteScratch {
  readonly err: Float64Array;
  readonly keep: Float32Array;
  readonly acc: Float64Array;
  readonly soft: Float32Array;
  readonly tmp: Float32Array;
  /** The seam correction's planes: where the window is filled (blurred), one channel's residual, and its blur. */
  readonly mask: Float32Array;
  readonly res: Float32Array;
  readonly resBlur: Float32Array;
}

/** Scratch for windows of `win` × `win` px with `overlap` px overlaps. */
export function pasteScratch(win: number, overlap: number): PasteScratch {
  const n = win * win;
  return {
    err: new Float64Array(n),
    keep: new Float32Array(n),
    acc: new Float64Array(win * Math.min(2 * overlap, win)),
    soft: new Float32Array(n),
    tmp: new Float32Array(n),
    mask: new Float32Array(n),
    res: new Float32Array(n),
    resBlur: new Float32Array(n),
  };
}

/**
 * The block's colour moved towards what is filled around it before it is cut in: the
 * residual (filled − block) on the window's filled pixels, spread by a normalised box
 * blur of `radius` px (its sum over filled pixels ÷ their count, that count floored at
 * `floor` of the box so that the correction fades out where few filled pixels are near),
 * is added to the block. Only low frequencies move: the block meets its neighbours
 * without a colour step along the cut (a step shows in smooth content: bokeh, sky, glaze).
 */
export interface SeamCorrection {
  readonly radius: number;
  readonly floor: number;
}

export const NO_SEAM_CORRECTION: SeamCorrection = { radius: 0, floor: 1 };

function correctSeamColour(cur: Float32Array, filled: Uint8Array, w: number, h: number, src: Float32Array, at: QuiltBlockWindow, scratch: PasteScratch, seam: SeamCorrection): void {
  const { wx, wy, win } = at;
  const { mask, res, resBlur, soft, tmp } = scratch;
  const nn = win * win;
  let any = false;
  for (let dy = 0; dy < win; dy++) {
    const y = wy + dy;
    for (let dx = 0; dx < win; dx++) {
      const x = wx + dx;
      const on = y >= 0 && y < h && x >= 0 && x < w && filled[y * w + x] === 1;
      mask[dy * win + dx] = on ? 1 : 0;
      any ||= on;
    }
  }
  if (!any) return;
  // soft: the blurred mask (soft and tmp are the cut's scratch, free until the cut runs).
  boxBlur(mask, win, win, seam.radius, soft, tmp);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < nn; i++) {
      if (mask[i] === 0) {
        res[i] = 0;
        continue;
      }
      const dy = (i - (i % win)) / win;
      const p = (wy + dy) * w + wx + (i % win);
      res[i] = cur[p * 3 + c] - src[i * 3 + c];
    }
    boxBlur(res, win, win, seam.radius, resBlur, tmp);
    for (let i = 0; i < nn; i++) {
      const m = soft[i];
      if (m > 0) src[i * 3 + c] += resBlur[i] / (m > seam.floor ? m : seam.floor);
    }
  }
}

/**
 * Pastes the source window `src` (win × win RGB, floats) into `cur` (w × h RGB) at the
 * window, on hole pixels only. In each strip of 2·overlap along a side of the window
 * the cheapest 8-connected path through the squared difference between what is filled
 * and the block is cut; filled pixels beyond a cut (towards that side) keep their
 * value, the rest take the block, and the cut is softened over a few pixels (a hard
 * cut shows where the two disagree in colour). Unfilled hole pixels take the block;
 * every pasted pixel becomes filled. With `seam`, the block's colour is first corrected
 * towards its filled surroundings ({@link SeamCorrection}; `src` is changed in place).
 */
export function pasteBlock(
  cur: Float32Array,
  filled: Uint8Array,
  hole: Uint8Array,
  w: number,
  h: number,
  src: Float32Array,
  at: QuiltBlockWindow,
  scratch: PasteScratch,
  seam: SeamCorrection = NO_SEAM_CORRECTION,
): void {
  const { wx, wy, win, overlap } = at;
  const { err, keep, acc, soft, tmp } = scratch;
  if (seam.radius > 0) correctSeamColour(cur, filled, w, h, src, at, scratch, seam);
  err.fill(0);
  keep.fill(0);
  for (let dy = 0; dy < win; dy++) {
    const y = wy + dy;
    for (let dx = 0; dx < win; dx++) {
      const x = wx + dx;
      if (y < 0 || y >= h || x < 0 || x >= w) continue;
      const p = y * w + x;
      if (!filled[p]) continue;
      const q = (dy * win + dx) * 3;
      const e0 = cur[p * 3] - src[q];
      const e1 = cur[p * 3 + 1] - src[q + 1];
      const e2 = cur[p * 3 + 2] - src[q + 2];
      err[dy * win + dx] = e0 * e0 + e1 * e1 + e2 * e2;
    }
  }
  // keep[i]: 0 take the block, 1 keep, 0.5 on a cut.
  const strip = Math.min(2 * overlap, win);
  const softR = Math.max(1, Math.round(overlap / 2));
  // The cut keeps `margin` px off both edges of its strip: on the window's own edge it would be a
  // straight seam the softening cannot reach (nothing outside the window is blended).
  const lo = Math.min(softR + 1, Math.floor((strip - 1) / 2));
  const hi = strip - 1 - lo;
  for (let side = 0; side < 4; side++) {
    // Side 0 left, 1 right, 2 top, 3 bottom: u runs along the side, v across the strip from the side inward.
    const idx = (u: number, v: number) => (side === 0 ? u * win + v : side === 1 ? u * win + (win - 1 - v) : side === 2 ? v * win + u : (win - 1 - v) * win + u);
    let any = false;
    for (let u = 0; u < win && !any; u++) for (let v = 0; v < strip; v++) if (err[idx(u, v)] > 0) any = true;
    if (!any) continue;
    for (let u = 0; u < win; u++) {
      for (let v = 0; v < strip; v++) {
        if (v < lo || v > hi) {
          acc[u * strip + v] = Infinity;
          continue;
        }
        let prev = 0;
        if (u > 0) {
          prev = acc[(u - 1) * strip + v];
          if (v > 0 && acc[(u - 1) * strip + v - 1] < prev) prev = acc[(u - 1) * strip + v - 1];
          if (v < strip - 1 && acc[(u - 1) * strip + v + 1] < prev) prev = acc[(u - 1) * strip + v + 1];
        }
        acc[u * strip + v] = prev + err[idx(u, v)];
      }
    }
    let v = lo;
    for (let k = lo + 1; k <= hi; k++) if (acc[(win - 1) * strip + k] < acc[(win - 1) * strip + v]) v = k;
    for (let u = win - 1; u >= 0; u--) {
      if (u < win - 1) {
        let b = v;
        for (const c of [v - 1, v + 1]) if (c >= 0 && c < strip && acc[u * strip + c] < acc[u * strip + b]) b = c;
        v = b;
      }
      for (let k = 0; k < v; k++) keep[idx(u, k)] = 1;
      if (keep[idx(u, v)] < 0.5) keep[idx(u, v)] = 0.5;
    }
  }
  boxBlur(keep, win, win, softR, soft, tmp);
  for (let dy = 0; dy < win; dy++) {
    const y = wy + dy;
    if (y < 0 || y >= h) continue;
    for (let dx = 0; dx < win; dx++) {
      const x = wx + dx;
      if (x < 0 || x >= w) continue;
      const p = y * w + x;
      if (!hole[p]) continue;
      const q = (dy * win + dx) * 3;
      const t = filled[p] ? 1 - soft[dy * win + dx] : 1;
      for (let c = 0; c < 3; c++) cur[p * 3 + c] += t * (src[q + c] - cur[p * 3 + c]);
      filled[p] = 1;
    }
  }
}
