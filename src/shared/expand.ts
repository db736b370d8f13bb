/**
 * Image Expand as an inpaint (DOM-free, pure): the larger canvas, its hole, and
 * the paste-back that returns the original bit-exact.
 *
 * The hole is the new border plus `overlap` px into the original on each
 * expanded side, so a model fills the seam region as one piece with the border
 * rather than butting its fill against the original's last row. Overlap and
 * exactness are reconciled in {@link finishExpand}: exactness wins. The model's
 * fill of the overlap is used only to measure its mismatch with the original
 * along the seam, and that mismatch is feathered out into the first `overlap` px
 * of the new border (linear fade), so the border meets the original without a
 * step; then every pixel of the original is written back unchanged.
 */
import type { ExpandSides } from '../request/types';
import type { Rect } from './pixels';
import { assertLength } from './pixels-checks';

/** Overlap into the original on each expanded side, in px (fewer on tiny images). */
export const EXPAND_OVERLAP = 8;

export interface ExpandCanvas {
  width: number;
  height: number;
  /** The original's place in the canvas. */
  original: Rect;
  /** The canvas: the original at its offset, 0 elsewhere (the prefill replaces hole pixels). */
  rgba: Uint8ClampedArray;
  /** 1 = hole: the new border and the overlap. */
  hole: Uint8Array;
  /** Overlap per side actually used (0 on a side that is not expanded). */
  overlap: ExpandSides;
}

/**
 * Overlap per side: `EXPAND_OVERLAP` on each expanded side, shrunk on a small
 * image so that at least one original pixel per row and column stays known.
 *
 * @example
 * expandOverlap({ left: 0, right: 100, top: 0, bottom: 0 }, 3, 3); // { left: 0, right: 1, top: 0, bottom: 0 }
 */
export function expandOverlap(sides: ExpandSides, width: number, height: number): ExpandSides {
  const axis = (a: number, b: number, n: number): [number, number] => {
    const both = a > 0 && b > 0;
    const cap = both ? Math.floor((n - 1) / 2) : n - 1;
    const o = Math.max(0, Math.min(EXPAND_OVERLAP, cap));
    return [a > 0 ? o : 0, b > 0 ? o : 0];
  };
  const [left, right] = axis(sides.left, sides.right, width);
  const [top, bottom] = axis(sides.top, sides.bottom, height);
  return { left, right, top, bottom };
}

/**
 * The canvas of an expand: `width + left + right` × `height + top + bottom`.
 *
 * @example
 * const c = buildExpandCanvas(image.data, 640, 480, { left: 0, right: 160, top: 0, bottom: 0 });
 * c.width; // 800
 */
export function buildExpandCanvas(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, sides: ExpandSides): ExpandCanvas {
  assertLength(rgba.length, width * height * 4, 'rgba');
  const W = width + sides.left + sides.right;
  const H = height + sides.top + sides.bottom;
  const out = new Uint8ClampedArray(W * H * 4);
  const hole = new Uint8Array(W * H).fill(1);
  const overlap = expandOverlap(sides, width, height);
  for (let y = 0; y < height; y++) {
    const dst = ((y + sides.top) * W + sides.left) * 4;
    out.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), dst);
    if (y < overlap.top || y >= height - overlap.bottom) continue;
    const row = (y + sides.top) * W + sides.left;
    hole.fill(0, row + overlap.left, row + width - overlap.right);
  }
  return { width: W, height: H, original: { x: sides.left, y: sides.top, width, height }, rgba: out, hole, overlap };
}

/**
 * Finishes a model's output of an expand canvas, in place: feathers the seam
 * mismatch (original − model, measured on the original's edge pixels) into the
 * first `feather` px of the border, fading linearly to 0, then writes every
 * original pixel back bit-exact.
 *
 * @example
 * finishExpand(result, canvas.width, image.data, canvas.original, EXPAND_OVERLAP);
 */
export function finishExpand(out: Uint8ClampedArray, outWidth: number, original: Uint8ClampedArray | Uint8Array, rect: Rect, feather: number): void {
  const { x: ox, y: oy, width: w, height: h } = rect;
  assertLength(original.length, w * h * 4, 'original');
  const outHeight = out.length / 4 / outWidth;
  if (feather > 0 && w > 0 && h > 0) {
    // The mismatch on the original's edge, read before anything is written back.
    const at = (x: number, y: number, k: number) => original[((y - oy) * w + (x - ox)) * 4 + k] - out[(y * outWidth + x) * 4 + k];
    const y0 = Math.max(0, oy - feather);
    const y1 = Math.min(outHeight, oy + h + feather);
    const x0 = Math.max(0, ox - feather);
    const x1 = Math.min(outWidth, ox + w + feather);
    const deltas = new Float32Array((y1 - y0) * (x1 - x0) * 4);
    for (let y = y0; y < y1; y++) {
      const cy = Math.min(Math.max(y, oy), oy + h - 1);
      for (let x = x0; x < x1; x++) {
        const cx = Math.min(Math.max(x, ox), ox + w - 1);
        const d = Math.max(Math.abs(x - cx), Math.abs(y - cy));
        if (d === 0) continue;
        const weight = 1 - d / (feather + 1);
        const j = ((y - y0) * (x1 - x0) + (x - x0)) * 4;
        for (let k = 0; k < 4; k++) deltas[j + k] = weight * at(cx, cy, k);
      }
    }
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const j = ((y - y0) * (x1 - x0) + (x - x0)) * 4;
        const p = (y * outWidth + x) * 4;
        for (let k = 0; k < 4; k++) if (deltas[j + k] !== 0) out[p + k] = Math.round(out[p + k] + deltas[j + k]);
      }
    }
  }
  for (let y = 0; y < h; y++) out.set(original.subarray(y * w * 4, (y + 1) * w * 4), ((y + oy) * outWidth + ox) * 4);
}
