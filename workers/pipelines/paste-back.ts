/**
 * Composite → encode without copying the full image. Each result used to be a
 * copy of the whole input (48 MB and ≈ 100 ms for a 12 MP photo) with the fill
 * pasted in. Now the fill goes into the prepared pixels in place, inside the
 * crop only, the result is encoded from them, and the crop's saved bytes are
 * written back, so `input.rgba` holds the decoded input again for the next
 * seed, or for the next backend after a failure.
 */
import type { Rect } from '../../src/shared/rect';
import { cropRgba, pasteRgba, resizeRgba } from '../../src/shared/pixels';
import type { PreparedInputs } from './prepare';

/**
 * Runs `paste` on `input.rgba` (it must write inside `rect` only), encodes the
 * result with `encode`, then restores `rect`, whether encoding worked or not.
 * `lap` charges the paste to `composite` and the encoding to `encode`.
 *
 * @example
 * const blob = await compositeAndEncode(input, rect, (t) => compositeHole(t, input.width, fill, rect, input.hole), ctx.encode, lap);
 */
export async function compositeAndEncode(
  input: Pick<PreparedInputs, 'rgba' | 'width' | 'bounds'>,
  rect: Rect,
  paste: (target: Uint8ClampedArray) => void,
  encode: (rgba: Uint8ClampedArray) => Promise<Blob>,
  lap: (stage: string) => void = () => {},
): Promise<Blob> {
  // The worker's encode may write hole pixels too (an expand's seam, workers/api.ts):
  // the saved box covers the hole's as well as the paste's.
  const box = union(rect, input.bounds);
  const saved = cropRgba(input.rgba, input.width, box);
  try {
    paste(input.rgba);
    lap('composite');
    const blob = await encode(input.rgba);
    lap('encode');
    return blob;
  } finally {
    pasteRgba(input.rgba, input.width, saved, box);
  }
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * The part of `rect` that a paste-back reads: the hole's bounding box grown by
 * `feather + 1` (the cap of the feather's distance map, so every distance in it
 * is the one computed over all of `rect`), clipped to `rect`. Absolute coordinates.
 *
 * @example
 * pasteWindow({ x: 50, y: 50, width: 10, height: 10 }, rect, 0); // the box itself
 */
export function pasteWindow(bounds: Rect, rect: Rect, feather: number): Rect {
  const g = feather > 0 ? Math.floor(feather) + 1 : 0;
  const x0 = Math.max(rect.x, bounds.x - g);
  const y0 = Math.max(rect.y, bounds.y - g);
  const x1 = Math.min(rect.x + rect.width, bounds.x + bounds.width + g);
  const y1 = Math.min(rect.y + rect.height, bounds.y + bounds.height + g);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Brings a fill computed at `runWidth × runHeight` back to `rect`'s size with
 * `bilinear`, but only over the paste window ({@link pasteWindow}): the margin
 * of context around the hole is never written, so it is never upsampled.
 * Returns the fill and the rect it covers; a fill already at `rect`'s size is
 * returned as it is.
 *
 * @example
 * const up = upsampleFill(fill, runW, runH, rect, input.bounds, 0);
 * compositeHole(target, input.width, up.fill, up.rect, input.hole);
 */
export function upsampleFill(
  fill: Uint8ClampedArray,
  runWidth: number,
  runHeight: number,
  rect: Rect,
  bounds: Rect,
  feather: number,
): { fill: Uint8ClampedArray; rect: Rect } {
  if (runWidth === rect.width && runHeight === rect.height) return { fill, rect };
  const win = pasteWindow(bounds, rect, feather);
  const local = { x: win.x - rect.x, y: win.y - rect.y, width: win.width, height: win.height };
  return { fill: resizeRgba(fill, runWidth, runHeight, rect.width, rect.height, 'bilinear', local), rect: win };
}
