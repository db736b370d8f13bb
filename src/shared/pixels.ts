/**
 * Pixel maths shared by the client and the worker: mask → hole map, the hole's
 * bounding box and context crop, and paste-back. DOM-free and pure, so it is
 * unit-tested in Node. Layout conventions used throughout:
 * - RGBA images are row-major, 4 bytes per pixel, non-premultiplied (ImageData).
 * - Hole maps are row-major, 1 byte per pixel: 1 = hole (to be edited), 0 = keep.
 *
 * Tensor conversion, resampling and the feathered paste-back live in
 * `pixels-planar.ts`, `pixels-bytes.ts`, `pixels-resize.ts` and `pixels-feather.ts`,
 * re-exported here, so callers import one module.
 */

import { assertLength, assertRectInside } from './pixels-checks';
import { compositeHoleFeathered } from './pixels-feather';
import type { Rect } from './rect';

export * from './pixels-planar';
export * from './pixels-resize';
export * from './pixels-feather';
export * from './pixels-bytes';
export type { Rect } from './rect';


/** Default floor of the context margin around the hole, in pixels. */
export const DEFAULT_MIN_MARGIN = 32;
/** Default context margin as a fraction of the hole's longer side. */
export const DEFAULT_MARGIN_FRACTION = 0.25;

/**
 * Threshold of the composited luminance, scaled to integers:
 * `v < 127.5` ⇔ `A·L + (255−A)·255000 < 127.5·255·1000`, where L = 299R+587G+114B
 * (Rec.601 luma × 1000). Integer maths keeps the decision exact at the boundary,
 * where float rounding could flip grey 127/128 or alpha 127/128.
 */
export const HOLE_THRESHOLD_SCALED = 32_512_500;

/**
 * Normalises a mask image to a binary hole map. Black means edit (hole = 1);
 * white means keep. Each pixel's Rec.601 luma is composited over white by its
 * alpha (`v = a·luma + (1 − a)·255`), so a fully transparent pixel is kept
 * whatever its colour, and the result is thresholded at 50 %: hole when v < 127.5.
 * Consequences: opaque grey 127 is a hole and 128 is kept; black with alpha 128
 * is a hole (v = 127) and black with alpha 127 is kept (v = 128).
 *
 * @example
 * const hole = holeMapFromRgba(maskImageData.data, maskImageData.width, maskImageData.height);
 */
export function holeMapFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Uint8Array {
  const n = width * height;
  assertLength(rgba.length, n * 4, 'rgba');
  const hole = new Uint8Array(n);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const a = rgba[p + 3];
    const luma1000 = 299 * rgba[p] + 587 * rgba[p + 1] + 114 * rgba[p + 2];
    const v = a * luma1000 + (255 - a) * 255_000;
    hole[i] = v < HOLE_THRESHOLD_SCALED ? 1 : 0;
  }
  return hole;
}

/**
 * Bounding box of all hole pixels, or null when the map has no hole.
 *
 * @example
 * const bounds = holeBounds(hole, w, h); // {x, y, width, height} | null
 */
export function holeBounds(hole: Uint8Array, width: number, height: number): Rect | null {
  assertLength(hole.length, width * height, 'hole');
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    for (let x = 0; x < width; x++) {
      if (hole[row + x]) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = first;
    for (let x = width - 1; x > first; x--) {
      if (hole[row + x]) {
        last = x;
        break;
      }
    }
    if (first < minX) minX = first;
    if (last > maxX) maxX = last;
    if (y < minY) minY = y;
    maxY = y;
  }
  if (maxX < 0) return null;
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/** Options of {@link contextRect}. */
export interface ContextOptions {
  /** Fixed margin in pixels; overrides the proportional default. */
  margin?: number;
  /** Floor of the proportional margin (default 32). */
  minMargin?: number;
}

/**
 * Grows the hole's bounding box by a context margin, clamped to the image. The
 * model needs surroundings to fill from; the default margin is
 * `max(minMargin, round(0.25 · max(bw, bh)))`, so small holes still see 32 px.
 *
 * @example
 * const rect = contextRect(holeBounds(hole, w, h)!, w, h); // crop to work on
 */
export function contextRect(bounds: Rect, width: number, height: number, opts: ContextOptions = {}): Rect {
  const minMargin = opts.minMargin ?? DEFAULT_MIN_MARGIN;
  const margin =
    opts.margin ?? Math.max(minMargin, Math.round(DEFAULT_MARGIN_FRACTION * Math.max(bounds.width, bounds.height)));
  const x0 = Math.max(0, bounds.x - margin);
  const y0 = Math.max(0, bounds.y - margin);
  const x1 = Math.min(width, bounds.x + bounds.width + margin);
  const y1 = Math.min(height, bounds.y + bounds.height + margin);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Copies a rectangle out of an RGBA image.
 *
 * @example
 * const crop = cropRgba(image.data, image.width, rect); // rect.width*rect.height*4 bytes
 */
export function cropRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, rect: Rect): Uint8ClampedArray {
  return cropChannels(rgba, width, rect, 4) as Uint8ClampedArray;
}

/**
 * Copies a rectangle out of a hole map.
 *
 * @example
 * const holeCrop = cropHole(hole, w, rect);
 */
export function cropHole(hole: Uint8Array, width: number, rect: Rect): Uint8Array {
  return cropChannels(hole, width, rect, 1) as Uint8Array;
}

function cropChannels(src: Uint8ClampedArray | Uint8Array, width: number, rect: Rect, channels: 1 | 4) {
  assertRectInside(rect, width, src.length / (width * channels));
  const out = channels === 4 ? new Uint8ClampedArray(rect.width * rect.height * 4) : new Uint8Array(rect.width * rect.height);
  const rowBytes = rect.width * channels;
  for (let y = 0; y < rect.height; y++) {
    const start = ((rect.y + y) * width + rect.x) * channels;
    out.set(src.subarray(start, start + rowBytes), y * rowBytes);
  }
  return out;
}

/**
 * Writes `patch` (RGBA of `rect`, as {@link cropRgba} returns it) into `target`
 * at `rect`, in place: the inverse of `cropRgba`. With a saved crop it undoes
 * an in-place paste-back, so a full image never has to be copied to composite.
 *
 * @example
 * const saved = cropRgba(rgba, w, rect);
 * compositeHole(rgba, w, fill, rect, hole); // ...encode...
 * pasteRgba(rgba, w, saved, rect);          // rgba is the input again
 */
export function pasteRgba(target: Uint8ClampedArray | Uint8Array, width: number, patch: Uint8ClampedArray | Uint8Array, rect: Rect): void {
  assertRectInside(rect, width, target.length / (width * 4));
  assertLength(patch.length, rect.width * rect.height * 4, 'patch');
  const rowBytes = rect.width * 4;
  for (let y = 0; y < rect.height; y++) {
    target.set(patch.subarray(y * rowBytes, (y + 1) * rowBytes), ((rect.y + y) * width + rect.x) * 4);
  }
}

/**
 * Pastes a filled crop back into the full image, in place, **only where the hole
 * map is 1**. Every other byte of `target` is left untouched, so pixels outside
 * the hole stay bit-identical to the input; the alpha byte of hole pixels is
 * kept from the input too (the model fills colour, not transparency).
 *
 * @param target full image RGBA, modified in place
 * @param fill RGBA of `rect` (rect.width × rect.height × 4 bytes)
 * @param hole full-image hole map (targetWidth × targetHeight)
 * @example
 * compositeHole(output, w, filledCrop, rect, hole);
 * @see compositeHoleFeathered, of which this is the `feather = 0` case.
 */
export function compositeHole(
  target: Uint8ClampedArray,
  targetWidth: number,
  fill: Uint8ClampedArray | Uint8Array,
  rect: Rect,
  hole: Uint8Array,
): void {
  compositeHoleFeathered(target, targetWidth, fill, rect, hole, 0);
}

/**
 * True when every pixel has R = G = B (alpha ignored), e.g. to pick a
 * single-channel path or to check a mask is greyscale.
 *
 * @example
 * isGrey(new Uint8ClampedArray([7, 7, 7, 255])); // true
 */
export function isGrey(rgba: Uint8ClampedArray | Uint8Array): boolean {
  for (let p = 0; p < rgba.length; p += 4) {
    if (rgba[p] !== rgba[p + 1] || rgba[p] !== rgba[p + 2]) return false;
  }
  return true;
}

/**
 * Rounds `n` up to a multiple of `multiple` (models often need sides divisible by 8).
 *
 * @example
 * padSize(513, 8); // 520
 */
export function padSize(n: number, multiple: number): number {
  if (!(multiple >= 1) || !Number.isInteger(multiple)) throw new RangeError(`padSize: multiple must be a positive integer, got ${multiple}`);
  return Math.ceil(n / multiple) * multiple;
}
